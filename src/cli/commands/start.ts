import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { ensureMaildir } from '../../mail/maildir/maildir.ts';
import { createApp, type App } from '../../main.ts';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Run the service: apply migrations, watch the mailboxes, register complaints, send the outbox',
    )
    .option(
      '-c, --config <file>',
      'configuration file (default: $ADUAN_CONFIG or ./aduan.config.yaml; none needed)',
    )
    .option('--once', 'take what is waiting, send what is due, then exit')
    .action(async (options: { config?: string; once?: boolean }) => {
      const app = await createApp(loadConfig({ file: options.config }), { migrate: true });
      if (options.once) {
        await runCycle(app);
        return app.close();
      }
      await serve(app);
    });
}

async function runCycle(app: App): Promise<void> {
  const results = await app.runIntake();
  const delivery = await app.runDelivery();
  if (results.length || delivery.sent || delivery.failed) {
    app.log.info({ taken: results.length, sent: delivery.sent, failed: delivery.failed }, 'cycle done');
  }
}

/**
 * Runs cycles until SIGINT/SIGTERM. A cycle starts every pollSeconds, or at once when a file lands in
 * a watched Maildir; cycles never overlap, and a signal lets the running one finish.
 */
async function serve(app: App): Promise<void> {
  const { mailboxes, intake } = app.config;
  await Promise.all(mailboxes.map((m) => ensureMaildir(m.path)));
  let wake: (() => void) | null = null;
  let stopping = false;
  const watchers: FSWatcher[] = mailboxes.map((m) => watch(path.join(m.path, 'new'), () => wake?.()));
  const stop = () => {
    stopping = true;
    wake?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  app.log.info(
    {
      mailboxes: mailboxes.map((m) => `${m.name} (${m.role}): ${m.path}`),
      sop: app.sop.id,
      database: app.store.dialect,
    },
    'Kotak Aduan started',
  );

  while (!stopping) {
    try {
      await runCycle(app);
    } catch (error) {
      // A failing cycle (database briefly away, disk full) is logged and retried, never fatal.
      app.log.error({ err: (error as Error).message }, 'cycle failed');
    }
    if (stopping) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intake.pollSeconds * 1000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = null;
  }
  for (const w of watchers) w.close();
  await app.close();
  app.log.info({}, 'Kotak Aduan stopped');
}
