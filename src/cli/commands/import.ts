import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { createLogger } from '../../config/logger.ts';
import { resolveDatabaseUrl } from '../../config/resolve-database-url.ts';
import { backfillImap } from '../../mail/imap/imap-backfill.ts';
import type { ImapMailboxConfig } from '../../mail/imap/imap-client.ts';
import { ImapSourceError } from '../../mail/imap/imap-errors.ts';
import { createApp } from '../../main.ts';
import { ingestMessage } from '../../use-cases/ingest-message.ts';
import type { IntakeOutcome, IntakeResult } from '../../use-cases/intake-result.ts';
import { receiveRawMessage } from '../../use-cases/receive-raw-message.ts';
import { createProgress } from '../format/progress.ts';
import { UsageError } from '../usage-error.ts';

interface ImportOptions {
  source: string;
  since: string;
  config?: string;
  db?: string;
  json?: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Backfill mail that is already in a mailbox')
    .command('imap')
    .description(
      'Register the mail an IMAP mailbox received since a date, idempotently; the mailbox is only read (nothing moved or flagged)',
    )
    .requiredOption('--source <name>', 'a configured IMAP mailbox')
    .requiredOption('--since <YYYY-MM-DD>', 'first day to import (the server’s arrival date)')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .option('--json', 'one JSON object per message, then {"summary": …}')
    .action(async (options: ImportOptions) => {
      const since = parseDay(options.since);
      const loaded = loadConfig({ file: options.config });
      if (options.db) loaded.config.database.url = resolveDatabaseUrl(loaded, options.db);
      const mailbox = loaded.config.mailboxes.find((m) => m.name === options.source);
      if (mailbox?.type !== 'imap') {
        const imap = loaded.config.mailboxes.filter((m) => m.type === 'imap').map((m) => m.name);
        throw new UsageError(
          `--source ${options.source}: no such IMAP mailbox. Configured IMAP mailboxes: ${imap.join(', ') || 'none'}`,
        );
      }
      const bar = !options.json && Boolean(process.stderr.isTTY);
      // Log lines would tear the progress bar apart: only warnings and errors while it is shown.
      const level = bar && loaded.config.log.level === 'info' ? 'warn' : loaded.config.log.level;
      const app = await createApp(loaded, { migrate: true, log: createLogger({ level }) });
      try {
        await runImport(mailbox, since, options, app, bar);
      } catch (error) {
        if (!(error instanceof ImapSourceError)) throw error;
        console.error(error.message);
        process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}

type App = Awaited<ReturnType<typeof createApp>>;

async function runImport(
  mailbox: ImapMailboxConfig,
  since: Date,
  options: ImportOptions,
  app: App,
  showBar: boolean,
): Promise<void> {
  const counts = new Map<IntakeOutcome, number>();
  let already = 0;
  const progress = createProgress(showBar, `${mailbox.name} (${mailbox.folder})`);
  const result = await backfillImap(mailbox, {
    since,
    clock: () => new Date(),
    onTotal: (total) => progress.start(total),
    async accept(message) {
      // Known by its key already (an earlier import, or live intake): reported, never registered again.
      const { alreadyReceived } = await receiveRawMessage(message, app.intakeDeps);
      const outcome = await ingestMessage(message, app.intakeDeps);
      if (alreadyReceived) already++;
      else counts.set(outcome.outcome, (counts.get(outcome.outcome) ?? 0) + 1);
      if (options.json) console.log(JSON.stringify(shown(message.sourceKey, outcome, alreadyReceived)));
    },
    onMessage(uid, error) {
      if (error) progress.interrupt(`uid ${uid}: ${error.message}`);
      progress.tick();
    },
  });
  progress.stop();
  const newly = Object.fromEntries(counts);
  const summary = {
    source: mailbox.name,
    folder: mailbox.folder,
    since: options.since,
    ...result,
    new: newly,
    already,
  };
  if (options.json) {
    console.log(JSON.stringify({ summary }));
  } else {
    const lines = [...counts].map(([outcome, n]) => `  ${outcome.padEnd(12)} ${n}`);
    console.log(
      [
        `${result.total} message(s) in ${mailbox.name} (${mailbox.folder}) since ${options.since}:`,
        ...(lines.length ? lines : ['  nothing new']),
        `  already imported earlier: ${already}`,
        ...(result.failed ? [`  failed: ${result.failed} (see above; run the import again)`] : []),
        'The mailbox was only read: nothing was moved or flagged.',
      ].join('\n'),
    );
  }
  if (result.failed) process.exitCode = 1;
}

function shown(sourceKey: string, result: IntakeResult, alreadyImported: boolean) {
  const { inboundId: _inboundId, ...rest } = result;
  return { sourceKey, ...rest, alreadyImported };
}

function parseDay(text: string): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) {
    throw new UsageError(`--since ${text}: write the first day as YYYY-MM-DD, e.g. 2026-01-01`);
  }
  return day;
}
