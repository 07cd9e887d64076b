/**
 * Report benchmark (part of `npm run bench`): the monthly recap with BENCH_COMPLAINTS complaints
 * (default 100,000) in the database, on the Balangan SOP — 85 % through all 11 steps, the rest
 * stopped somewhere on the way, about 20 events each. Two scenarios: all of them in the month
 * reported (2 million events to replay; a hundred times a province's real volume), and spread over
 * a year (the month reported holds a twelfth). Seeded with plain SQL on SQLite and on a private
 * PostgreSQL (BENCH_REPORT_PG=0 skips it), then timed end to end as `aduan report monthly` runs
 * it: query, replay, figures, PDF with charts, XLSX register; the median of BENCH_REPORT_RUNS runs
 * (3). Target: ≤ 10 s.
 *   baseline: reading the same complaint and event rows with a bare SELECT (the floor of any report
 *   that reads the trail), in the same process.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { App } from '../src/main.ts';
import { makeMonthlyReport } from '../src/use-cases/make-monthly-report.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { machine, percentile, round } from './bench-support.ts';
import {
  COMPLAINTS,
  complaintsOver,
  importSample,
  openApp,
  seedPostgres,
  seedSqlite,
} from './report-seed.ts';

const WITH_PG = process.env.BENCH_REPORT_PG !== '0';
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 3);
const RESULTS = path.resolve(import.meta.dirname, 'results/reports.json');

async function measure(name: string, app: App, baseline: () => Promise<number>) {
  // Warm-up: fonts parsed, statements prepared, caches filled as in a running service.
  const rows = await baseline();
  const baselineStart = performance.now();
  await baseline();
  const baselineMs = performance.now() - baselineStart;
  const queryStart = performance.now();
  let trailValues = 0;
  for (let after: string | null = null; ;) {
    const page = await app.store.repos.reports.historiesBetween(
      new Date('2026-09-30T16:00:00Z'),
      new Date('2026-10-31T16:00:00Z'),
      { after, limit: 5_000 },
    );
    if (page.last === null) break;
    for (const { trail } of page.trails) trailValues += trail.length;
    after = page.last;
  }
  const queryMs = performance.now() - queryStart;
  // Several runs: this VM's speed varies by a third from one minute to the next.
  const runs: number[] = [];
  let made: Awaited<ReturnType<typeof makeMonthlyReport>> | undefined;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    made = await makeMonthlyReport(2026, 10, app.intakeDeps);
    runs.push(performance.now() - start);
  }
  const { figures, pdf, xlsx } = made!;
  if (process.env.BENCH_REPORT_PDF) await writeFile(process.env.BENCH_REPORT_PDF, pdf);
  const reportMs = percentile(runs, 50);
  return {
    database: name,
    complaints: figures.totals.received,
    trailValues,
    baselineRowsRead: rows,
    baselineMs: round(baselineMs),
    queryMs: round(queryMs),
    reportMs: round(reportMs),
    reportMsRuns: runs.map((ms) => round(ms)),
    ratioToBaseline: round(reportMs / baselineMs, 1),
    pdfKiB: round(pdf.byteLength / 1024),
    xlsxKiB: round(xlsx.byteLength / 1024),
    targetMet: reportMs <= 10_000,
  };
}

const SCENARIOS = [
  { name: 'a month of them', months: 1 },
  { name: 'a year of them, one month reported', months: 12 },
].filter((scenario) => !process.env.BENCH_SCENARIO || scenario.months === Number(process.env.BENCH_SCENARIO));
const results = [];
for (const scenario of SCENARIOS) {
  const dir = await mkdtemp(path.join(tmpdir(), 'aduan-bench-report-'));
  const server = WITH_PG ? await startPostgres() : null;
  try {
    // Both databases are seeded first and the seed rows let go before anything is timed: two
    // million events held in this process would slow every garbage collection of the report,
    // which `aduan report monthly` runs in a process of its own.
    const sqliteUrl = `file:${dir}/aduan.db`;
    const pgUrl = server ? await server.createDatabase() : null;
    await seed(scenario, dir, sqliteUrl, pgUrl);

    const app = await openApp(dir, sqliteUrl);
    const sqlite = new Database(`${dir}/aduan.db`, { readonly: true });
    results.push({
      scenario: scenario.name,
      ...(await measure('sqlite', app, async () => {
        const complaints = sqlite.prepare('SELECT id, subject, body, registered_at FROM complaints').all();
        const events = sqlite.prepare('SELECT complaint_id, at, type, data FROM events ORDER BY id').all();
        return complaints.length + events.length;
      })),
    });
    sqlite.close();
    await app.close();

    if (pgUrl) {
      const pgApp = await openApp(dir, pgUrl);
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      results.push({
        scenario: scenario.name,
        ...(await measure('postgresql', pgApp, async () => {
          const complaints = await client.query('SELECT id, subject, body, registered_at FROM complaints');
          const events = await client.query('SELECT complaint_id, at, type, data FROM events ORDER BY id');
          return complaints.rowCount! + events.rowCount!;
        })),
      });
      await client.end();
      await pgApp.close();
    }
  } finally {
    await server?.stop();
    if (process.env.BENCH_KEEP_DIR) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

async function seed(
  scenario: (typeof SCENARIOS)[number],
  dir: string,
  sqliteUrl: string,
  pgUrl: string | null,
): Promise<void> {
  const app = await openApp(dir, sqliteUrl);
  await importSample(app);
  const seedStart = performance.now();
  const rows = complaintsOver(app, scenario.months);
  await app.close();
  seedSqlite(`${dir}/aduan.db`, rows);
  console.log(
    `${scenario.name}: ${COMPLAINTS} complaints, ${rows.events.length} events seeded on SQLite in ${round((performance.now() - seedStart) / 1000, 1)} s`,
  );
  if (!pgUrl) return;
  const pgApp = await openApp(dir, pgUrl);
  await importSample(pgApp);
  await pgApp.close();
  const pgSeed = performance.now();
  await seedPostgres(pgUrl, rows);
  console.log(`  and on PostgreSQL in ${round((performance.now() - pgSeed) / 1000, 1)} s`);
}

console.table(results);
await writeFile(
  RESULTS,
  `${JSON.stringify({ machine: machine(), complaints: COMPLAINTS, results }, null, 2)}\n`,
);
console.log(`results: ${path.relative(process.cwd(), RESULTS)}`);
