/**
 * Report benchmark (part of `npm run bench`): the monthly recap with BENCH_COMPLAINTS complaints
 * (default 100,000) in the database, on the Balangan SOP — 85 % through all 11 steps, the rest
 * stopped somewhere on the way, about 20 events each. Two scenarios: all of them in the month
 * reported (2 million events to replay; a hundred times a province's real volume), and spread over
 * a year (the month reported holds a twelfth). Seeded with plain SQL on SQLite and on a private
 * PostgreSQL (BENCH_REPORT_PG=0 skips it), then timed end to end as `aduan report monthly` runs
 * it: query, replay, figures, PDF with charts, XLSX register. Target: ≤ 10 s.
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
import { machine, round } from './bench-support.ts';
import {
  COMPLAINTS,
  complaintsOver,
  importSample,
  openApp,
  seedPostgres,
  seedSqlite,
} from './report-seed.ts';

const WITH_PG = process.env.BENCH_REPORT_PG !== '0';
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
  const start = performance.now();
  const { figures, pdf, xlsx } = await makeMonthlyReport(2026, 10, app.intakeDeps);
  const totalMs = performance.now() - start;
  if (process.env.BENCH_REPORT_PDF) await writeFile(process.env.BENCH_REPORT_PDF, pdf);
  return {
    database: name,
    complaints: figures.totals.received,
    trailValues,
    baselineRowsRead: rows,
    baselineMs: round(baselineMs),
    queryMs: round(queryMs),
    reportMs: round(totalMs),
    ratioToBaseline: round(totalMs / baselineMs, 1),
    pdfKiB: round(pdf.byteLength / 1024),
    xlsxKiB: round(xlsx.byteLength / 1024),
    targetMet: totalMs <= 10_000,
  };
}

const SCENARIOS = [
  { name: 'a month of them', months: 1 },
  { name: 'a year of them, one month reported', months: 12 },
].filter((scenario) => !process.env.BENCH_SCENARIO || scenario.months === Number(process.env.BENCH_SCENARIO));
const results = [];
for (const scenario of SCENARIOS) {
  const dir = await mkdtemp(path.join(tmpdir(), 'aduan-bench-report-'));
  try {
    const sqliteUrl = `file:${dir}/aduan.db`;
    let app = await openApp(dir, sqliteUrl);
    await importSample(app);
    const seedStart = performance.now();
    const rows = complaintsOver(app, scenario.months);
    await app.close();
    seedSqlite(`${dir}/aduan.db`, rows);
    console.log(
      `${scenario.name}: ${COMPLAINTS} complaints, ${rows.events.length} events seeded on SQLite in ${round((performance.now() - seedStart) / 1000, 1)} s`,
    );
    app = await openApp(dir, sqliteUrl);
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

    if (WITH_PG) {
      const server = await startPostgres();
      try {
        const url = await server.createDatabase();
        const pgApp = await openApp(dir, url);
        await importSample(pgApp);
        const pgSeed = performance.now();
        await seedPostgres(url, rows);
        console.log(`  and on PostgreSQL in ${round((performance.now() - pgSeed) / 1000, 1)} s`);
        const client = new pg.Client({ connectionString: url });
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
      } finally {
        await server.stop();
      }
    }
  } finally {
    if (process.env.BENCH_KEEP_DIR) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

console.table(results);
await writeFile(
  RESULTS,
  `${JSON.stringify({ machine: machine(), complaints: COMPLAINTS, results }, null, 2)}\n`,
);
console.log(`results: ${path.relative(process.cwd(), RESULTS)}`);
