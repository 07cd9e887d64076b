/**
 * Steady-state memory benchmark (part of `npm run bench`): `aduan start` as its own process, as an
 * office runs it, on a SQLite database holding BENCH_COMPLAINTS complaints (default 100,000, a year
 * of them with ~2.3 million trail events, the directory of Balangan), taking a trickle of new
 * complaints from its Maildir. Its resident memory (VmRSS) is sampled twice a second; the steady
 * state is the second half of BENCH_RSS_SECONDS (default 60) after the first cycle, which catches
 * up the day's report and last month's recap (its peak is reported apart). Target: ≤ 200 MB.
 *   baseline: the same service on an empty database, same trickle, in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { machine, percentile, round } from './bench-support.ts';
import { COMPLAINTS, complaintsOver, importSample, openApp, seedSqlite } from './report-seed.ts';
import { BALANGAN_OFFICE } from '../test/support/office.ts';

const SECONDS = Number(process.env.BENCH_RSS_SECONDS ?? 60);
const BIN = path.resolve(import.meta.dirname, '../bin/aduan.js');
const RESULTS = path.resolve(import.meta.dirname, 'results/rss.json');
const SAMPLE = readFileSync(
  path.resolve(import.meta.dirname, '../examples/mail/email-gmail-jalan-rusak.eml'),
  'latin1',
);

/** The service's config for `dir`, as an operator's file (JSON is YAML). */
function configFor(dir: string) {
  return {
    ...BALANGAN_OFFICE,
    database: { url: `file:${dir}/aduan.db` },
    dataDir: dir,
    mailboxes: [{ name: 'pengaduan', role: 'complaints', type: 'maildir', path: `${dir}/maildir` }],
    delivery: { type: 'maildir', path: `${dir}/outbox` },
    reports: { daily: { to: ['admin_aduan'] }, monthly: { to: ['kadis'] } },
  };
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) * 1024;
}

/** Runs the service for SECONDS with new mail every second; its RSS samples, in MiB. */
async function run(dir: string): Promise<{
  startMiB: number;
  startupPeakMiB: number;
  peakMiB: number;
  steadyMiB: number;
  steadyP95MiB: number;
  taken: number;
}> {
  const config = path.join(dir, 'aduan.config.yaml');
  await writeFile(config, JSON.stringify(configFor(dir)));
  mkdirSync(path.join(dir, 'maildir', 'new'), { recursive: true });
  mkdirSync(path.join(dir, 'maildir', 'tmp'), { recursive: true });
  mkdirSync(path.join(dir, 'maildir', 'cur'), { recursive: true });
  const child = spawn(process.execPath, [BIN, 'start', '-c', config], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // The log goes to stderr (stdout is for commands' output).
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!output.includes('Kotak Aduan started')) {
    if (child.exitCode !== null) throw new Error(`aduan start exited: ${output}`);
    await sleep(100);
  }
  const startMiB = rssOf(child.pid!) / 2 ** 20;
  // The first cycle catches up the day's report and last month's recap: its peak is start-up's.
  let startupPeak = startMiB;
  while (!output.includes('cycle done')) {
    startupPeak = Math.max(startupPeak, rssOf(child.pid!) / 2 ** 20);
    await sleep(250);
  }
  const samples: number[] = [];
  let taken = 0;
  const end = Date.now() + SECONDS * 1000;
  for (let tick = 0; Date.now() < end; tick++) {
    if (tick % 2 === 0) {
      const n = taken++;
      const mail = SAMPLE.replace(
        /^Message-ID:.*$/im,
        `Message-ID: <rss-${n}-${process.pid}@gmail.com>`,
      ).replace(/^Subject: /im, `Subject: [${n}] `);
      await writeFile(path.join(dir, 'maildir', 'new', `${Date.now()}.rss${n}.bench`), mail, 'latin1');
    }
    samples.push(rssOf(child.pid!) / 2 ** 20);
    await sleep(500);
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  const steady = samples.slice(Math.floor(samples.length / 2));
  return {
    startMiB: round(startMiB),
    startupPeakMiB: round(startupPeak),
    peakMiB: round(Math.max(...samples)),
    steadyMiB: round(percentile(steady, 50)),
    steadyP95MiB: round(percentile(steady, 95)),
    taken,
  };
}

const results = [];
for (const [name, complaints] of [
  ['empty database (baseline)', 0],
  [`${COMPLAINTS} complaints`, COMPLAINTS],
] as const) {
  const dir = await mkdtemp(path.join(tmpdir(), 'aduan-bench-rss-'));
  try {
    const app = await openApp(dir, `file:${dir}/aduan.db`);
    await importSample(app);
    if (complaints) {
      const rows = complaintsOver(app, 12);
      await app.close();
      seedSqlite(`${dir}/aduan.db`, rows);
    } else {
      await app.close();
    }
    const measured = await run(dir);
    results.push({ database: name, ...measured });
    console.log(name, measured);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
const [baseline, loaded] = results as [(typeof results)[number], (typeof results)[number]];
const summary = {
  machine: machine(),
  seconds: SECONDS,
  results,
  steadyRatioToBaseline: round(loaded.steadyMiB / baseline.steadyMiB, 2),
  targetMet: loaded.steadyMiB <= 200,
};
console.table(results);
console.log(
  `steady state with ${COMPLAINTS} complaints: ${loaded.steadyMiB} MiB (target ≤ 200), ${summary.steadyRatioToBaseline}× the empty database`,
);
await writeFile(RESULTS, `${JSON.stringify(summary, null, 2)}\n`);
console.log(`results: ${path.relative(process.cwd(), RESULTS)}`);
