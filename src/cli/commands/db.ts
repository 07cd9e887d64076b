import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { migrateDatabase, migrationStatus } from '../../db/migrate.ts';
import { resolveDatabaseUrl } from '../../config/resolve-database-url.ts';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Apply pending migrations (aduan start does this itself)')
    .option('-c, --config <file>', 'configuration file')
    .option(
      '--db <url>',
      'database URL (file:./data/aduan.db or postgresql://…), overrides the configuration',
    )
    .action(async (options: { config?: string; db?: string }) => {
      const url = resolveDatabaseUrl(loadConfig({ file: options.config }), options.db);
      const { applied } = await migrateDatabase(url);
      console.log(
        applied.length
          ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}`
          : 'Database is up to date.',
      );
    });
  db.command('status')
    .description('List applied and pending migrations')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .option('--json', 'print JSON')
    .action(async (options: { config?: string; db?: string; json?: boolean }) => {
      const url = resolveDatabaseUrl(loadConfig({ file: options.config }), options.db);
      const status = await migrationStatus(url);
      if (options.json) return console.log(JSON.stringify(status, null, 2));
      console.log(
        `Applied: ${status.applied.length}\nPending: ${status.pending.length}${status.pending.map((m) => `\n  ${m}`).join('')}`,
      );
    });
}
