import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { createApp, type App } from '../../main.ts';
import type { Monitor } from '../../monitoring/monitor-server.ts';
import { readDeskFigures } from '../../use-cases/read-desk-figures.ts';
import { serviceJobs } from '../../scheduler/jobs.ts';
import { createScheduler, type Scheduler } from '../../scheduler/scheduler.ts';

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
      const app = await createApp(loadConfig({ file: options.config }), {
        migrate: true,
        reportsApart: true,
      });
      const scheduler = createScheduler({
        jobs: serviceJobs(app),
        store: app.store,
        clock: () => new Date(),
        timeZone: app.config.office.timeZone,
        log: app.log,
        instance: app.instance,
      });
      // Slots missed while the service was down run once now (the 07:30 report at a 09:00 start).
      await scheduler.catchUp();
      if (options.once) {
        await runCycle(app, scheduler);
        return app.close();
      }
      await serve(app, scheduler);
    });
}

/** One writer at a time: intake, then the jobs whose slot came (their mails go out with this delivery). */
async function runCycle(app: App, scheduler: Scheduler): Promise<{ job: string; outcome: string }[]> {
  const results = await app.runIntake();
  const jobs = await scheduler.runPending();
  const delivery = await app.runDelivery();
  if (jobs.length) collectGarbage();
  if (results.length || jobs.length || delivery.sent || delivery.failed) {
    app.log.info(
      {
        taken: results.length,
        jobs: jobs.map((j) => `${j.job}:${j.outcome}`),
        sent: delivery.sent,
        failed: delivery.failed,
      },
      'cycle done',
    );
  }
  return jobs;
}

/**
 * A scheduled job (the morning report's 10 MB mail, a sweep over every open task) leaves garbage
 * that an idle service never allocates enough to have V8 collect: it sat at 265 MiB until the next
 * mail came. Collected at once instead, about 50 ms every five minutes. `gc` is there when
 * bin/aduan.js started the service (--expose-gc).
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Runs cycles until SIGINT/SIGTERM. A cycle starts as soon as any mailbox signals new mail (IDLE, a
 * file watcher) or its poll interval passes, or a job's slot comes; cycles never overlap, and a
 * signal lets the running one finish.
 */
async function serve(app: App, scheduler: Scheduler): Promise<void> {
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  app.log.info(
    {
      mailboxes: app.config.mailboxes.map((m) => `${m.name} (${m.role}, ${m.type})`),
      sop: app.sop.id,
      database: app.store.dialect,
    },
    'Kotak Aduan started',
  );

  const monitor = await monitorFor(app);
  // A job's slot (node-cron, in the office's zone) wakes the loop like new mail does.
  let wakeForJob = () => {};
  const stopJobs = scheduler.start(() => wakeForJob());
  while (!stopping.signal.aborted) {
    try {
      const jobs = await runCycle(app, scheduler);
      monitor?.cycleDone({ at: new Date(), jobs, error: null });
    } catch (error) {
      // A failing cycle (database briefly away, disk full) is logged and retried, never fatal.
      app.log.error({ err: (error as Error).message }, 'cycle failed');
      monitor?.cycleDone({ at: new Date(), jobs: [], error: (error as Error).message });
    }
    if (stopping.signal.aborted) break;
    const woken = new AbortController();
    const relay = () => woken.abort();
    stopping.signal.addEventListener('abort', relay, { once: true });
    // The first mailbox to report mail (or the outbox retry interval) starts the next cycle.
    let retryTimer: NodeJS.Timeout | undefined;
    const outboxRetry = new Promise<void>((resolve) => (retryTimer = setTimeout(resolve, 30_000)));
    const jobDue = new Promise<void>((resolve) => (wakeForJob = resolve));
    await Promise.race([
      // Only the mailboxes this instance holds; a standby retries the others every 30 s.
      ...app.heldSources().map((source) => source.waitForMail(woken.signal)),
      outboxRetry,
      jobDue,
    ]);
    clearTimeout(retryTimer);
    woken.abort();
    stopping.signal.removeEventListener('abort', relay);
  }
  stopJobs();
  await monitor?.close();
  await app.close();
  app.log.info({}, 'Kotak Aduan stopped');
}

/**
 * /healthz and /metrics when `monitoring.port` is set. A port already taken is logged, not fatal:
 * the desk keeps taking complaints, and `aduan doctor` says what is wrong.
 */
async function monitorFor(app: App): Promise<Monitor | null> {
  const { port, host } = app.config.monitoring;
  if (port === undefined) return null;
  try {
    // prom-client loads only where monitoring is on.
    const { startMonitor } = await import('../../monitoring/monitor-server.ts');
    return await startMonitor({
      port,
      host,
      figures: () => readDeskFigures({ store: app.store, clock: () => new Date() }),
      pingDatabase: () => app.store.ping(),
      clock: () => new Date(),
      log: app.log,
    });
  } catch (error) {
    app.log.error(
      { err: (error as Error).message, key: 'monitoring.port' },
      `cannot serve /healthz and /metrics on ${host}:${port}; the service runs without them`,
    );
    return null;
  }
}
