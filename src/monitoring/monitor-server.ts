import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../use-cases/ports/logger.ts';
import type { DeskFigures } from '../use-cases/read-desk-figures.ts';

export interface CycleReport {
  at: Date;
  jobs: readonly { job: string; outcome: string }[];
  /** Why the cycle failed, or null. */
  error: string | null;
}

export interface Monitor {
  /** The port it listens on (the one configured, or the one the system chose for 0). */
  port: number;
  /** The service's loop reports each cycle: /healthz and the job counters follow it. */
  cycleDone(report: CycleReport): void;
  close(): Promise<void>;
}

export interface MonitorOptions {
  port: number;
  host: string;
  figures: () => Promise<DeskFigures>;
  /** Rejects when the database does not answer. */
  pingDatabase: () => Promise<void>;
  clock: () => Date;
  log: Logger;
  /**
   * A loop whose last cycle ended longer ago than this is stuck: cycles come at least every 30 s
   * (the outbox retry), so five minutes is well past any slow one.
   */
  staleAfterMs?: number;
}

/**
 * `GET /healthz` and Prometheus `GET /metrics` for `aduan start` (config `monitoring`). Totals come
 * from the database at each scrape, so every instance of a cluster reports the desk's figures (take
 * max(), not sum(), across instances); the job counters and process figures are this process's.
 */
export async function startMonitor(options: MonitorOptions): Promise<Monitor> {
  const staleAfterMs = options.staleAfterMs ?? 5 * 60_000;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metric = { registers: [registry] };
  const inbound = new Counter({
    name: 'aduan_inbound_messages_total',
    help: 'Messages received, by what became of them (registered, quarantined, command, …)',
    labelNames: ['status'],
    ...metric,
  });
  const commands = new Counter({
    name: 'aduan_commands_total',
    help: "Officials' commands by reply, accepted or refused",
    labelNames: ['result'],
    ...metric,
  });
  const outboxPending = new Gauge({
    name: 'aduan_outbox_pending',
    help: 'Mails waiting to be sent',
    ...metric,
  });
  const outboxOldest = new Gauge({
    name: 'aduan_outbox_oldest_pending_seconds',
    help: 'Age of the oldest mail waiting to be sent (0 when none waits)',
    ...metric,
  });
  const outboxFailed = new Counter({
    name: 'aduan_outbox_failed_total',
    help: 'Mails given up on after their last retry',
    ...metric,
  });
  const tasksOpen = new Gauge({ name: 'aduan_tasks_open', help: 'Open SOP tasks', ...metric });
  const tasksOverdue = new Gauge({
    name: 'aduan_tasks_overdue',
    help: 'Open SOP tasks past their due time',
    ...metric,
  });
  const jobRuns = new Counter({
    name: 'aduan_job_runs_total',
    help: 'Scheduled job runs by this process, by outcome',
    labelNames: ['job', 'outcome'],
    ...metric,
  });
  const lastCycle = new Gauge({
    name: 'aduan_last_cycle_timestamp_seconds',
    help: "When this process's loop last finished a cycle (Unix time)",
    ...metric,
  });
  let last: CycleReport | null = null;
  async function metrics(): Promise<string> {
    const figures = await options.figures();
    // Totals read from the database, shown as the counters they are: reset, then set.
    inbound.reset();
    for (const [status, count] of Object.entries(figures.inbound)) inbound.inc({ status }, count);
    commands.reset();
    commands.inc({ result: 'accepted' }, figures.commands.accepted);
    commands.inc({ result: 'refused' }, figures.commands.refused);
    outboxPending.set(figures.outbox.pending);
    const oldest = figures.outbox.oldestPendingAt;
    outboxOldest.set(oldest ? Math.max(0, (options.clock().getTime() - oldest.getTime()) / 1000) : 0);
    outboxFailed.reset();
    outboxFailed.inc(figures.outbox.failed);
    tasksOpen.set(figures.tasks.open);
    tasksOverdue.set(figures.tasks.overdue);
    return registry.metrics();
  }

  async function health(): Promise<{ healthy: boolean; body: Record<string, unknown> }> {
    const problems: string[] = [];
    try {
      await withTimeout(options.pingDatabase(), 3_000, 'the database did not answer within 3 s');
    } catch (error) {
      problems.push(`database: ${(error as Error).message}`);
    }
    if (!last) problems.push('no cycle finished yet (starting)');
    else if (last.error) problems.push(`last cycle failed: ${last.error}`);
    else if (options.clock().getTime() - last.at.getTime() > staleAfterMs)
      problems.push(`no cycle for ${Math.round((options.clock().getTime() - last.at.getTime()) / 1000)} s`);
    return {
      healthy: problems.length === 0,
      body: { status: problems.length ? 'fail' : 'ok', lastCycleAt: last?.at ?? null, problems },
    };
  }

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const answer = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'text/plain', 'GET only\n');
    if (path === '/metrics')
      return void metrics().then(
        (text) => answer(200, registry.contentType, text),
        (error: Error) => {
          options.log.warn({ err: error.message }, 'metrics could not be read');
          answer(503, 'text/plain', `metrics could not be read: ${error.message}\n`);
        },
      );
    if (path === '/healthz')
      return void health().then(({ healthy, body }) =>
        answer(healthy ? 200 : 503, 'application/json', `${JSON.stringify(body)}\n`),
      );
    answer(404, 'text/plain', 'see /healthz and /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.log.info({ url: `http://${options.host}:${port}/metrics` }, 'serving /healthz and /metrics');
  return {
    port,
    cycleDone(report) {
      last = report;
      if (!report.error) lastCycle.set(report.at.getTime() / 1000);
      for (const { job, outcome } of report.jobs) jobRuns.inc({ job, outcome });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
