import { resolveTxt } from 'node:dns/promises';
import type { Command } from 'commander';
import type { CheckResult } from '../../setup/connection-checks.ts';
import { runDoctor } from '../../setup/doctor.ts';

const MARK = { pass: '✓', warn: '!', fail: '✗' } as const;

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check a set-up: config, database and migrations, the directory, mailboxes and IDLE, SMTP, DKIM record, clock and holidays, disk, the running service',
    )
    .option('-c, --config <file>', 'configuration file (default: $ADUAN_CONFIG or ./aduan.config.yaml)')
    .option('--json', 'print one JSON object per check')
    .action(async (options: { config?: string; json?: boolean }) => {
      const results = await runDoctor({ file: options.config }, { resolveTxt, clock: () => new Date() });
      if (options.json) for (const result of results) console.log(JSON.stringify(result));
      else printResults(results);
      // Warnings are worth reading, not a failed check.
      process.exitCode = results.some((result) => result.status === 'fail') ? 1 : 0;
    });
}

function printResults(results: readonly CheckResult[]): void {
  const width = Math.max(...results.map((result) => result.name.length));
  for (const result of results) {
    console.log(`${MARK[result.status]} ${result.name.padEnd(width)}  ${result.detail}`);
    if (result.fix && result.status !== 'pass') console.log(`  ${' '.repeat(width)}  → ${result.fix}`);
  }
  const failed = results.filter((result) => result.status === 'fail').length;
  const warned = results.filter((result) => result.status === 'warn').length;
  console.log(
    failed
      ? `\n${failed} check(s) failed${warned ? `, ${warned} warning(s)` : ''}.`
      : `\nAll checks passed${warned ? ` (${warned} warning(s))` : ''}.`,
  );
}
