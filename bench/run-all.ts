/**
 * `npm run bench`: every benchmark, one after the other, each in a process of its own (so one's
 * heap does not slow the next), then one file with all their results and the machine's details:
 * bench/results/bench.json. A benchmark that fails is recorded as failed and the rest still run.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { machine } from './bench-support.ts';

const BENCHES = [
  ['ingest', 'ingest-imap.ts', 'ingest-imap.json'],
  ['documents', 'documents.ts', 'documents.json'],
  ['reports', 'reports.ts', 'reports.json'],
  ['slaSweep', 'sla-sweep.ts', 'sla-sweep.json'],
  ['rss', 'rss.ts', 'rss.json'],
] as const;
const RESULTS = path.resolve(import.meta.dirname, 'results');

const startedAt = new Date();
const results: Record<string, unknown> = {};
const failed: string[] = [];
for (const [name, script, output] of BENCHES) {
  const began = performance.now();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, script)], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = Math.round((performance.now() - began) / 100) / 10;
  if (code !== 0) {
    failed.push(name);
    results[name] = { failed: `exit code ${code}`, seconds };
    continue;
  }
  results[name] = { seconds, ...JSON.parse(await readFile(path.join(RESULTS, output), 'utf8')) };
}
const file = path.join(RESULTS, 'bench.json');
await writeFile(
  file,
  `${JSON.stringify({ machine: machine(), startedAt, finishedAt: new Date(), failed, results }, null, 2)}\n`,
);
console.log(
  `\nall results: ${path.relative(process.cwd(), file)}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`,
);
process.exitCode = failed.length ? 1 : 0;
