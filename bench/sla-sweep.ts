/**
 * SLA sweep benchmark (part of `npm run bench`, alone `npm run bench:sla`): one sweep as the
 * scheduler runs it over BENCH_SLA_TASKS (default 1,000,000) open tasks, on SQLite and on PostgreSQL
 * (a private throwaway cluster). Target: a sweep that finds nothing due in ≤ 100 ms.
 *
 *   seed: the Balangan SOP's tasks (weighted towards its 5-day and 2-day steps), one complaint each
 *         and a complainant per four, by raw SQL (recursive CTE / generate_series into a temporary
 *         plan, then one INSERT … SELECT per table) into a database createApp migrated, with the
 *         service closed and the secondary indexes rebuilt after the load. Due times spread over
 *         the coming three weeks, a share already overdue (BENCH_SLA_OVERDUE_SHARE, default 0.1:
 *         the backlog every desk has), next_action_at where the sweeps left it (the next
 *         threshold, or the next escalation level, all in the future): nothing is due.
 *   nothing due: BENCH_SLA_RUNS (default 20) sweeps after two warm-ups, each its own slot 15
 *         minutes apart: per SLA job (tenggat, pengingat, eskalasi) the scheduler's claim in
 *         job_runs, the run (runDeadlines, runReminders, runEscalations), finish and prune; median
 *         and p95. Then the bare queries: the two sweep queries, the deadline query for one step
 *         (Balangan has no onOverdue step, so its runDeadlines asks nothing; Karanganyar's asks
 *         this), an official's reply reading its complaint's open tasks, and a job_runs claim.
 *   due: BENCH_SLA_DUE_ROUNDS (default 3) sweeps, each with BENCH_SLA_DUE (default 1,000) tasks past
 *         their 50 % reminder threshold and as many overdue tasks at their first escalation level;
 *         tasks per second of each job.
 *
 * Each query's plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) goes into the results; BENCH_SLA_EXPLAIN=1
 * prints them.
 * BENCH_SLA_DIALECTS=sqlite,postgresql picks the databases. Writes bench/results/sla-sweep.json.
 * The default run takes about 2 minutes on 2 cores (1.9 to 2.5 measured), most of it seeding.
 */
import { rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import prettier from 'prettier';
import { parseConfig } from '../src/config/load-config.ts';
import { loadDirectory } from '../src/config/load-directory.ts';
import { CITIZEN_ROLE } from '../src/domain/sop/sop-definition.ts';
import { createApp, type App } from '../src/main.ts';
import { serviceJobs } from '../src/scheduler/jobs.ts';
import { createScheduler } from '../src/scheduler/scheduler.ts';
import { importDirectory } from '../src/use-cases/import-directory.ts';
import { startPostgres, type PostgresServer } from '../test/support/postgres.ts';
import { machine, percentile, round } from './bench-support.ts';
import { BALANGAN_OFFICE } from '../test/support/office.ts';

const TASKS = Number(process.env.BENCH_SLA_TASKS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_SLA_RUNS ?? 20);
const DUE = Number(process.env.BENCH_SLA_DUE ?? 1_000);
const DUE_ROUNDS = Number(process.env.BENCH_SLA_DUE_ROUNDS ?? 3);
const OVERDUE_SHARE = Number(process.env.BENCH_SLA_OVERDUE_SHARE ?? 0.1);
const DIALECTS = (process.env.BENCH_SLA_DIALECTS ?? 'sqlite,postgresql').split(',') as Dialect[];
const EXPLAIN = process.env.BENCH_SLA_EXPLAIN === '1';
const RESULTS = path.resolve(import.meta.dirname, 'results/sla-sweep.json');
const DIRECTORY = path.resolve(import.meta.dirname, '../examples/directory/balangan.yaml');
const TARGET_MS = 100;
/** The scheduler's SLA jobs (src/scheduler/jobs.ts): deadlines every 5 minutes, the other two every 15. */
const SLA_JOBS = ['tenggat', 'pengingat', 'eskalasi'];

type Dialect = 'sqlite' | 'postgresql';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Wednesday 25 November 2026, 09:00 WITA: a working morning. Slots follow every 15 minutes. */
const T0 = new Date('2026-11-25T09:00:00+08:00');
/** Nothing seeded needs a look before this: the whole bench happens on the same afternoon. */
const QUIET_UNTIL = T0.getTime() + DAY;
/** Open tasks per step, roughly by how long each step holds a complaint (5 days, 2 days, an hour). */
const STEP_WEIGHT: Record<string, number> = { penyusunan_tanggapan: 10, persetujuan_tanggapan: 4 };
/** The step the deadline query is timed with; no overdue task is on it (a Karanganyar-like onOverdue step). */
const DEADLINE_STEP = 'registrasi';

const log = pino({ level: 'error' }, pino.destination(2));
const ms = (start: number) => performance.now() - start;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const stats = (values: number[]) => ({
  median: round(percentile(values, 50), 2),
  p95: round(percentile(values, 95), 2),
  min: round(Math.min(...values), 2),
  max: round(Math.max(...values), 2),
});

/** Raw SQL on the bench's own connection (seeding, EXPLAIN), literals inlined. */
interface Raw {
  exec(sql: string): Promise<void>;
  all(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

function sqliteRaw(file: string): Raw {
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -262144'); // the seeding connection only: 256 MiB for the index builds
  db.pragma('temp_store = MEMORY');
  return {
    async exec(sql) {
      db.exec(sql);
    },
    async all(sql) {
      return db.prepare(sql).all() as Record<string, unknown>[];
    },
    async close() {
      db.close();
    },
  };
}

async function postgresRaw(url: string): Promise<Raw> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async all(sql) {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    },
    close: () => client.end(),
  };
}

/** SQL pieces that differ between the dialects. */
function dialectSql(dialect: Dialect) {
  const sqlite = dialect === 'sqlite';
  return {
    /** A timestamp literal as Prisma writes and binds it (SQLite: ISO text with "+00:00"). */
    at: (date: Date) =>
      sqlite
        ? `'${date.toISOString().replace('Z', '+00:00')}'`
        : `'${date.toISOString().replace('T', ' ').replace('Z', '')}'::timestamp(3)`,
    /** A timestamp from an expression in epoch milliseconds (whole minutes here). */
    fromMs: (expr: string) =>
      sqlite
        ? `strftime('%Y-%m-%dT%H:%M:%f+00:00', (${expr}) / 1000, 'unixepoch')`
        : `(to_timestamp((${expr}) / 1000.0) AT TIME ZONE 'UTC')::timestamp(3)`,
    /** `prefix` followed by the number zero-padded to `width`. */
    padded: (prefix: string, expr: string, width: number) =>
      sqlite
        ? `printf('${prefix}%0${width}d', ${expr})`
        : `'${prefix}' || lpad((${expr})::text, ${width}, '0')`,
    /** 1..count as rows of `n`. */
    numbers: (count: number) =>
      sqlite
        ? `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count})`
        : `WITH seq(n) AS (SELECT generate_series(1::bigint, ${count}::bigint))`,
    bool: (value: boolean) => (sqlite ? (value ? '1' : '0') : String(value)),
  };
}

/**
 * Deterministic scramble of n (0..1,000,002), different per salt: two squarings modulo a prime, so
 * the choices (step, due time, age) do not move in step with each other as n grows.
 */
const mix = (salt: number) => {
  const x = `(((n + ${salt * 7_777}) * 7919) % 1000003)`;
  const y = `((${x} * ${x} + ${salt}) % 1000003)`;
  return `((${y} * ${y}) % 1000003)`;
};

interface StepRow {
  k: number;
  stepId: string;
  role: string;
  opd: boolean;
}

/** One row per weight unit, so `mix % count` picks a step with its weight; DEADLINE_STEP first. */
function weightedSteps(app: App): StepRow[] {
  const rows: StepRow[] = [];
  const steps = app.sop.steps.filter((step) => step.actor !== CITIZEN_ROLE);
  steps.sort((a, b) => Number(b.id === DEADLINE_STEP) - Number(a.id === DEADLINE_STEP));
  for (const step of steps) {
    const opd = app.sop.roles.find((role) => role.key === step.actor)?.unit === 'opd';
    for (let w = 0; w < (STEP_WEIGHT[step.id] ?? 1); w++) {
      rows.push({ k: rows.length, stepId: step.id, role: step.actor, opd });
    }
  }
  return rows;
}

/** The id the seed gives complaint n (tasks: 9000 in place of 8000, complainants: a000). */
const complaintId = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** What the seed needs from the service: the SOP's steps and the directory's OPDs. */
interface SeedInput {
  sopId: string;
  steps: StepRow[];
  opdUnits: string[];
}

/**
 * Inserts `count` open tasks, one complaint each (and a complainant per four complaints), in one
 * statement per table, with the service closed. The secondary indexes of the three tables are
 * dropped for the load and built again afterwards from their own definitions (a bulk load's usual
 * order; the schema ends as migrated). Returns the seconds of each phase.
 */
async function seed(
  raw: Raw,
  dialect: Dialect,
  input: SeedInput,
  count: number,
): Promise<Record<string, number>> {
  const d = dialectSql(dialect);
  const { steps, opdUnits } = input;
  const overdueEvery = OVERDUE_SHARE > 0 ? Math.max(1, Math.round(1 / OVERDUE_SHARE)) : 0;
  const t0 = T0.getTime();
  const overdue = overdueEvery ? `(n % ${overdueEvery} = 0)` : '(1 = 0)';
  // Overdue tasks are never on DEADLINE_STEP (k = 0), so the deadline query finds nothing.
  const stepK = `CASE WHEN ${overdue} THEN 1 + ${mix(1)} % ${steps.length - 1} ELSE ${mix(1)} % ${steps.length} END`;
  const due = `CASE WHEN ${overdue}
      THEN ${t0} - (1 + ${mix(2)} % ${10 * 24 * 60}) * ${MINUTE}
      ELSE ${QUIET_UNTIL} + (${mix(2)} % ${20 * 24 * 60}) * ${MINUTE} END`;
  const age = `(60 + ${mix(3)} % ${7 * 24 * 60}) * ${MINUTE}`; // created 1 hour to 7 days before
  // Computed once into a temporary table (each stage materialized: inlined, the expressions would
  // be evaluated again at every reference), then read by both inserts.
  const plan = `CREATE TEMP TABLE bench_plan AS ${d.numbers(count)},
    steps(k, step_id, role, opd) AS (VALUES ${steps.map((s) => `(${s.k}, '${s.stepId}', '${s.role}', ${s.opd ? 1 : 0})`).join(', ')}),
    units(k, code) AS (VALUES ${opdUnits.map((code, k) => `(${k}, '${code}')`).join(', ')}),
    picked AS MATERIALIZED (
      SELECT n, ${stepK} AS k, ${due} AS due_ms, ${mix(4)} % ${opdUnits.length} AS unit_k,
             ${overdue} AS is_overdue, ${mix(5)} % ${5 * 24 * 60} AS later, ${age} AS age_ms FROM seq),
    timed AS MATERIALIZED (
      SELECT picked.*, CASE WHEN is_overdue THEN due_ms - age_ms ELSE ${t0} - age_ms END AS created_ms FROM picked)
    SELECT n, steps.step_id, steps.role, steps.opd, units.code AS unit, created_ms, due_ms,
      CASE
        WHEN is_overdue THEN ${QUIET_UNTIL} + later * ${MINUTE}
        WHEN created_ms + (due_ms - created_ms) / 2 > ${QUIET_UNTIL} THEN created_ms + (due_ms - created_ms) / 2
        WHEN created_ms + (due_ms - created_ms) * 4 / 5 > ${QUIET_UNTIL} THEN created_ms + (due_ms - created_ms) * 4 / 5
        ELSE due_ms
      END AS next_ms
    FROM timed JOIN steps ON steps.k = timed.k JOIN units ON units.k = timed.unit_k`;
  const complainants = Math.ceil(count / 4);
  const id = (kind: string, expr: string) => d.padded(`00000000-0000-7000-${kind}-`, expr, 12);
  const seconds: Record<string, number> = {};
  const phase = async (name: string, run: () => Promise<void>) => {
    const start = performance.now();
    await run();
    seconds[name] = round(ms(start) / 1000, 1);
  };
  const tables = ['complainants', 'complaints', 'tasks'];
  const indexes = (
    await raw.all(
      dialect === 'sqlite'
        ? `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map((t) => `'${t}'`).join(', ')})`
        : `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema()
             AND tablename IN (${tables.map((t) => `'${t}'`).join(', ')})
             AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')`,
    )
  ).map((row) => ({ name: String(row.name), sql: String(row.sql) }));
  await phase('dropIndexes', async () => {
    for (const index of indexes) await raw.exec(`DROP INDEX "${index.name}"`);
  });
  await raw.exec('BEGIN');
  await phase('complainants', () =>
    raw.exec(`
    ${d.numbers(complainants)}
    INSERT INTO complainants (id, name, email, created_at)
    SELECT ${id('a000', 'n')}, 'Warga ' || n, 'warga' || n || '@contoh.id', ${d.at(new Date(t0 - 30 * DAY))} FROM seq`),
  );
  await phase('plan', () => raw.exec(plan));
  await phase('complaints', () =>
    raw.exec(`
    INSERT INTO complaints (id, tracking_number, channel, type, subject, body, status, anonymous, confidential,
      sop_id, current_step_id, received_at, registered_at, complainant_id, source_message_id, opd_unit_code)
    SELECT ${id('8000', 'n')}, ${d.padded('ADU-2026-', 'n', 7)}, 'email', 'pengaduan',
      'Jalan berlubang di desa nomor ' || n,
      'Jalan poros desa berlubang sejak musim hujan dan membahayakan pengendara, mohon segera diperbaiki. Laporan nomor ' || n,
      'in_progress', ${d.bool(false)}, ${d.bool(false)}, '${input.sopId}', step_id, ${d.fromMs('created_ms')},
      ${d.fromMs('created_ms')}, ${id('a000', `1 + (n - 1) % ${complainants}`)}, 'bench-' || n,
      CASE WHEN opd = 1 THEN unit END
    FROM bench_plan ORDER BY n`),
  );
  await phase('tasks', () =>
    raw.exec(`
    INSERT INTO tasks (id, complaint_id, step_id, role, status, created_at, due_at, next_action_at)
    SELECT ${id('9000', 'n')}, ${id('8000', 'n')}, step_id, role, 'open', ${d.fromMs('created_ms')},
      ${d.fromMs('due_ms')}, ${d.fromMs('next_ms')}
    FROM bench_plan ORDER BY n`),
  );
  await raw.exec('DROP TABLE bench_plan');
  await phase('commit', () => raw.exec('COMMIT'));
  await phase('createIndexes', async () => {
    for (const index of indexes) await raw.exec(index.sql);
  });
  // What a running PostgreSQL's autovacuum does after a bulk load. SQLite has no statistics unless
  // someone runs ANALYZE, and the service does not, so its planner works without them.
  await phase('analyze', () =>
    dialect === 'postgresql' ? raw.exec('VACUUM ANALYZE complainants, complaints, tasks') : Promise.resolve(),
  );
  return seconds;
}

/** Makes `count` tasks due at `now`: reminders past 50 % of their time, and overdue tasks at level 1. */
async function makeDue(raw: Raw, dialect: Dialect, now: Date, count: number, offset: number): Promise<void> {
  const d = dialectSql(dialect);
  const local = (day: number, time: string) => new Date(`2026-11-${day}T${time}:00+08:00`);
  // Monday 10:00 → Friday 10:00 WITA: 34 working hours, about 63 % of them used on Wednesday afternoon.
  const remind = `UPDATE tasks SET created_at = ${d.at(local(23, '10:00'))}, due_at = ${d.at(local(27, '10:00'))},
      next_action_at = ${d.at(new Date(now.getTime() - MINUTE))}
    WHERE id IN (SELECT id FROM tasks WHERE status = 'open' AND due_at > ${d.at(now)} ORDER BY id LIMIT ${count} OFFSET ${offset})`;
  // Due Wednesday 10:00 after two working days: a few hours overdue that afternoon, level 1 (the supervisor).
  const escalate = `UPDATE tasks SET created_at = ${d.at(local(23, '10:00'))}, due_at = ${d.at(local(25, '10:00'))},
      next_action_at = ${d.at(new Date(now.getTime() - MINUTE))}
    WHERE id IN (SELECT id FROM tasks WHERE status = 'open' AND due_at <= ${d.at(now)} ORDER BY id LIMIT ${count} OFFSET ${offset})`;
  await raw.exec(remind);
  await raw.exec(escalate);
}

async function openApp(dir: string, databaseUrl: string, clock: { now: Date }): Promise<App> {
  const config = parseConfig({
    ...BALANGAN_OFFICE,
    database: { url: databaseUrl },
    dataDir: dir,
    delivery: { type: 'maildir', path: `${dir}/outbox` },
  });
  return createApp({ config, file: null, baseDir: dir }, { migrate: true, clock: () => clock.now, log });
}

/**
 * The repository's queries as SQL, for EXPLAIN: what src/db/repositories/tasks.ts sends (Prisma's
 * query on PostgreSQL, its own SQL for the sweeps on SQLite), and on SQLite also Prisma's query for
 * the reminders, which it no longer sends there, to show why.
 */
function plannedQueries(dialect: Dialect, now: Date): Record<string, string> {
  const t = dialectSql(dialect).at(now);
  const prismaNeeding = (side: string, steps: string) =>
    `SELECT * FROM tasks WHERE status = 'open' AND ${side} ${steps} AND (next_action_at IS NULL OR next_action_at <= ${t}) ORDER BY due_at, id LIMIT 1000`;
  const sqliteNeeding = (side: string, steps: string) =>
    `SELECT * FROM (SELECT * FROM tasks WHERE status = 'open' AND next_action_at IS NULL AND ${side} ${steps}
       UNION ALL SELECT * FROM tasks WHERE status = 'open' AND next_action_at <= ${t} AND ${side} ${steps}) AS needing
     ORDER BY +due_at, id LIMIT 1000`;
  const queries: Record<string, string> =
    dialect === 'sqlite'
      ? {
          reminders: sqliteNeeding(`+due_at > ${t}`, ''),
          escalations: sqliteNeeding(`+due_at <= ${t}`, `AND step_id NOT IN ('${DEADLINE_STEP}')`),
          'reminders, Prisma query (not sent on SQLite)': prismaNeeding(`due_at > ${t}`, ''),
        }
      : {
          reminders: prismaNeeding(`due_at > ${t}`, ''),
          escalations: prismaNeeding(`due_at <= ${t}`, `AND step_id NOT IN ('${DEADLINE_STEP}')`),
        };
  queries.deadlines = `SELECT * FROM tasks WHERE status = 'open' AND due_at < ${t} AND step_id IN ('${DEADLINE_STEP}') ORDER BY due_at, id LIMIT 200`;
  queries['by complaint'] = `SELECT * FROM tasks WHERE complaint_id = '${complaintId(1)}'`;
  return queries;
}

/** Each query's plan, and how long it takes on the bench's own connection. */
async function explain(raw: Raw, dialect: Dialect, now: Date) {
  const plans: Record<string, { ms: number; plan: string[] }> = {};
  for (const [name, sql] of Object.entries(plannedQueries(dialect, now))) {
    const rows = await raw.all(
      dialect === 'sqlite' ? `EXPLAIN QUERY PLAN ${sql}` : `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${sql}`,
    );
    const timed = async () => {
      const start = performance.now();
      await raw.all(sql);
      return ms(start);
    };
    // The first run also reloads what the service's commits changed under this connection's
    // cache; a quick query runs again for its warm time (a slow one once is enough).
    const first = await timed();
    plans[name] = {
      ms: round(first < 1000 ? Math.min(first, await timed()) : first, 2),
      plan: rows.map((row) => String(dialect === 'sqlite' ? row.detail : row['QUERY PLAN'])),
    };
  }
  return plans;
}

async function benchDialect(dialect: Dialect, postgres: PostgresServer | null) {
  const dir = mkdtempSync(path.join(tmpdir(), 'aduan-sla-'));
  const file = `${dir}/aduan.db`;
  const url = postgres ? await postgres.createDatabase('sla_sweep') : `file:${file}`;
  const clock = { now: T0 };
  // Migrated by the service, the sample directory imported, then closed for the load.
  let app = await openApp(dir, url, clock);
  await importDirectory(loadDirectory(DIRECTORY, app.sop), {
    store: app.store,
    clock: () => new Date('2026-11-01T00:00:00+08:00'),
    timeZone: app.config.office.timeZone,
    actor: 'operator:bench',
  });
  const input: SeedInput = {
    sopId: app.sop.id,
    steps: weightedSteps(app),
    opdUnits: (await app.store.repos.directory.units()).filter((u) => u.kind === 'opd').map((u) => u.code),
  };
  await app.close();
  const raw = postgres ? await postgresRaw(url) : sqliteRaw(file);
  try {
    console.error(`${dialect}: seeding ${TASKS.toLocaleString('en')} open tasks…`);
    if (dialect === 'sqlite') await raw.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF');
    const seedPhases = await seed(raw, dialect, input, TASKS);
    if (dialect === 'sqlite') await raw.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL');
    else await raw.exec('CHECKPOINT');
    // The load's gigabyte of dirty pages goes to disk now, not under the first sweeps' commits.
    execFileSync('sync');
    const seedSeconds = round(sum(Object.values(seedPhases)), 1);
    const [version] = await raw.all(
      dialect === 'sqlite' ? 'SELECT sqlite_version() AS v' : "SELECT current_setting('server_version') AS v",
    );
    const [counts] = await raw.all(
      `SELECT COUNT(*) AS open, SUM(CASE WHEN due_at <= ${dialectSql(dialect).at(T0)} THEN 1 ELSE 0 END) AS overdue FROM tasks WHERE status = 'open'`,
    );
    console.error(`${dialect}: seeded in ${seedSeconds} s (${JSON.stringify({ ...counts, ...seedPhases })})`);
    app = await openApp(dir, url, clock);

    // The service's SLA jobs, each timed inside the scheduler's run (claim, finish and prune around it).
    const jobMs: Record<string, number> = {};
    const jobOut: Record<string, unknown> = {};
    const jobs = serviceJobs(app)
      .filter((job) => SLA_JOBS.includes(job.name))
      .map((job) => ({
        ...job,
        run: async (slot: Date) => {
          const start = performance.now();
          const detail = await job.run(slot);
          jobMs[job.name] = ms(start);
          jobOut[job.name] = detail;
          return detail;
        },
      }));
    const scheduler = createScheduler({
      jobs,
      store: app.store,
      clock: () => clock.now,
      timeZone: app.config.office.timeZone,
      log,
      instance: app.instance,
    });
    let slotNo = 0;
    const sweep = async () => {
      const slot = new Date(T0.getTime() + slotNo++ * 15 * MINUTE);
      clock.now = new Date(slot.getTime() + 20_000);
      scheduler.tick(clock.now);
      const start = performance.now();
      const results = await scheduler.runPending();
      const total = ms(start);
      if (results.length !== jobs.length || results.some((r) => r.outcome !== 'done')) {
        throw new Error(`sweep at ${slot.toISOString()}: ${JSON.stringify(results)}`);
      }
      return { total, jobs: { ...jobMs }, out: { ...jobOut } };
    };

    const cold = await sweep();
    await sweep(); // warm-up
    const quiet: Awaited<ReturnType<typeof sweep>>[] = [];
    for (let n = 0; n < RUNS; n++) {
      const run = await sweep();
      if (Object.values(run.out).some((o) => Object.values(o as object).some((v) => v !== 0))) {
        throw new Error(`a nothing-due sweep did something: ${JSON.stringify(run.out)}`);
      }
      quiet.push(run);
    }
    const nothingDue = {
      sweep: stats(quiet.map((r) => r.total)),
      perJob: Object.fromEntries(jobs.map((job) => [job.name, stats(quiet.map((r) => r.jobs[job.name]!))])),
      coldFirstSweepMs: round(cold.total, 1),
    };
    console.error(
      `${dialect}: nothing due: sweep median ${nothingDue.sweep.median} ms, p95 ${nothingDue.sweep.p95} ms (cold ${nothingDue.coldFirstSweepMs} ms)`,
    );

    // The bare queries, as the use-cases call them.
    const tasks = app.store.repos.tasks;
    const bare: Record<string, () => Promise<unknown>> = {
      'listNeedingAction (reminders)': () => tasks.listNeedingAction(clock.now, 1000),
      'listOverdueNeedingAction (escalation)': () => tasks.listOverdueNeedingAction(clock.now, [], 1000),
      'listOpen dueBefore, one step (deadlines)': () =>
        tasks.listOpen({ dueBefore: clock.now, stepIds: [DEADLINE_STEP], limit: 200 }),
    };
    // Not a sweep: an official's reply reads its complaint's open tasks (act-on-reply.ts).
    const byComplaint = async () => {
      const found = await tasks.listOpen({ complaintId: complaintId(1), limit: 10 });
      if (found.length !== 1) throw new Error(`complaint 1 has ${found.length} open tasks`);
      return [];
    };
    bare['listOpen by complaint (a reply)'] = byComplaint;
    const bareMs: Record<string, ReturnType<typeof stats>> = {};
    for (const [name, query] of Object.entries(bare)) {
      const times: number[] = [];
      for (let n = 0; n < RUNS + 2; n++) {
        const start = performance.now();
        const rows = (await query()) as unknown[];
        if (n >= 2) times.push(ms(start));
        if (rows.length) throw new Error(`${name} found ${rows.length} tasks when none is due`);
      }
      bareMs[name] = stats(times);
    }
    const claimTimes: number[] = [];
    for (let n = 0; n < RUNS; n++) {
      const start = performance.now();
      const id = await app.store.repos.jobRuns.claim(
        'bench-claim',
        new Date(T0.getTime() - n * MINUTE),
        T0,
        'bench',
        60_000,
      );
      claimTimes.push(ms(start));
      if (!id) throw new Error('claim lost');
    }
    bareMs['jobRuns.claim'] = stats(claimTimes);
    const plans = await explain(raw, dialect, clock.now);
    if (EXPLAIN) console.error(`${dialect} plans:\n${JSON.stringify(plans, null, 2)}`);

    // Sweeps with work: DUE reminders crossing a threshold and DUE overdue tasks reaching a level.
    const due: Awaited<ReturnType<typeof sweep>>[] = [];
    for (let r = 0; r < DUE_ROUNDS; r++) {
      const slot = new Date(T0.getTime() + slotNo * 15 * MINUTE);
      await makeDue(raw, dialect, new Date(slot.getTime() + 20_000), DUE, r * DUE);
      const run = await sweep();
      const out = run.out as Record<string, { tasks?: number }>;
      if (!out.pengingat?.tasks || !out.eskalasi?.tasks)
        throw new Error(`nothing done: ${JSON.stringify(out)}`);
      due.push(run);
    }
    const medianMs = (name: string) =>
      percentile(
        due.map((r) => r.jobs[name]!),
        50,
      );
    const rate = (name: string) => round((DUE * 1000) / medianMs(name));
    const dueSweep = {
      tasksPerJob: DUE,
      sweepMs: stats(due.map((r) => r.total)),
      perJobMs: Object.fromEntries(jobs.map((job) => [job.name, stats(due.map((r) => r.jobs[job.name]!))])),
      remindersPerSecond: rate('pengingat'),
      escalationsPerSecond: rate('eskalasi'),
      outcome: due[0]!.out,
    };
    console.error(
      `${dialect}: ${DUE} due: reminders ${dueSweep.remindersPerSecond}/s, escalations ${dueSweep.escalationsPerSecond}/s`,
    );
    return {
      version: String(version?.v),
      seedSeconds,
      seedPhases,
      counts,
      nothingDue,
      bareMs,
      dueSweep,
      plans,
    };
  } finally {
    await raw.close();
    await app.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

const started = performance.now();
const results: Record<string, Awaited<ReturnType<typeof benchDialect>>> = {};
for (const dialect of DIALECTS) {
  const postgres = dialect === 'postgresql' ? await startPostgres() : null;
  try {
    results[dialect] = await benchDialect(dialect, postgres);
  } finally {
    await postgres?.stop();
  }
}

const table = Object.entries(results).map(([dialect, r]) => ({
  dialect,
  'seed s': r.seedSeconds,
  'sweep median ms': r.nothingDue.sweep.median,
  'sweep p95 ms': r.nothingDue.sweep.p95,
  'reminders q ms': r.bareMs['listNeedingAction (reminders)']!.median,
  'escalation q ms': r.bareMs['listOverdueNeedingAction (escalation)']!.median,
  'deadline q ms': r.bareMs['listOpen dueBefore, one step (deadlines)']!.median,
  'by complaint ms': r.bareMs['listOpen by complaint (a reply)']!.median,
  'claim ms': r.bareMs['jobRuns.claim']!.median,
  'reminders/s': r.dueSweep.remindersPerSecond,
  'escalations/s': r.dueSweep.escalationsPerSecond,
}));
console.table(table);
const ratios = Object.fromEntries(
  Object.entries(results).map(([dialect, r]) => [
    dialect,
    { nothingDueP95ToTarget: round(r.nothingDue.sweep.p95 / TARGET_MS, 3) },
  ]),
);
if (results.sqlite) {
  // The same connection runs both: what the rewrite in tasks.ts saves a sweep on SQLite.
  const plans = results.sqlite.plans;
  Object.assign(ratios.sqlite!, {
    reminderQueryPrismaToRewritten: round(
      plans['reminders, Prisma query (not sent on SQLite)']!.ms / plans.reminders!.ms,
    ),
  });
}
if (results.sqlite && results.postgresql) {
  Object.assign(ratios, {
    postgresqlToSqliteNothingDueMedian: round(
      results.postgresql.nothingDue.sweep.median / results.sqlite.nothingDue.sweep.median,
      2,
    ),
    postgresqlToSqliteRemindersPerSecond: round(
      results.postgresql.dueSweep.remindersPerSecond / results.sqlite.dueSweep.remindersPerSecond,
      2,
    ),
  });
}
console.log(JSON.stringify(ratios));
const result = {
  machine: machine(),
  openTasks: TASKS,
  overdueShare: OVERDUE_SHARE,
  runs: RUNS,
  dueTasksPerRound: DUE,
  dueRounds: DUE_ROUNDS,
  target: `a sweep that finds nothing due in ≤ ${TARGET_MS} ms`,
  results,
  ratios,
  totalSeconds: round(ms(started) / 1000, 1),
};
// Formatted as `prettier --check` wants it (the plans' one-line arrays).
const options = { ...(await prettier.resolveConfig(RESULTS)), parser: 'json' };
await writeFile(RESULTS, await prettier.format(JSON.stringify(result), options));
console.error(`wrote ${path.relative(process.cwd(), RESULTS)} in ${result.totalSeconds} s`);
