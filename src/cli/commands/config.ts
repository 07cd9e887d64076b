import type { Command } from 'commander';
import { stringify } from 'yaml';
import { checkReportRecipients } from '../../config/check-report-recipients.ts';
import { hideSecrets } from '../../config/hide-secrets.ts';
import { loadConfig } from '../../config/load-config.ts';
import { loadSop } from '../../config/load-sop.ts';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Inspect the configuration');
  config
    .command('check')
    .description('Validate the configuration and print it with every default filled in')
    .option('-c, --config <file>', 'configuration file (default: $ADUAN_CONFIG or ./aduan.config.yaml)')
    .option('--json', 'print JSON instead of YAML')
    .action((options: { config?: string; json?: boolean }) => {
      const loaded = loadConfig({ file: options.config });
      const source = loaded.file ?? 'built-in defaults (no aduan.config.yaml found)';
      checkReportRecipients(loaded.config, loadSop(loaded.config.sop, loaded.baseDir), source);
      // Passwords and tokens may come from the environment: never printed.
      const shown = hideSecrets(loaded.config);
      if (options.json) console.log(JSON.stringify({ source, config: shown }, null, 2));
      else console.log(`# valid: ${source}\n${stringify(shown)}`);
    });
}
