/**
 * Where ingest time goes (`node bench/profile-ingest.ts`, N=600 by default): the same IMAP ingest
 * as bench/ingest-imap.ts (b) under the V8 sampling profiler, reported as CPU share per package
 * (native frames counted to the JavaScript that called them) and SQL statements per message.
 * A diagnostic, not a benchmark: the profiler and the statement counter slow the run down.
 */
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startDovecot } from '../test/support/dovecot.ts';
import { benchApp } from './bench-support.ts';
import { sampleMail } from './sample-mail.ts';

const N = Number(process.env.N ?? 600);

// Count what reaches SQLite: every statement is prepared through here, BEGIN/COMMIT included.
const statements = new Map<string, number>();
const count = (sql: string) => {
  const key = sql.trim().split(/\s+/).slice(0, 3).join(' ').replaceAll('`main`.', '').replaceAll('`', '');
  statements.set(key, (statements.get(key) ?? 0) + 1);
};
const proto = Database.prototype as unknown as Record<
  'prepare' | 'exec',
  (this: unknown, sql: string) => unknown
>;
for (const method of ['prepare', 'exec'] as const) {
  const original = proto[method];
  proto[method] = function (this: unknown, sql: string) {
    count(sql);
    return original.call(this, sql);
  };
}

const dovecot = await startDovecot({ users: ['bench'] });
const work = await mkdtemp(path.join(tmpdir(), 'aduan-profile-'));
try {
  await dovecot.appendMany(
    'bench',
    'INBOX',
    Array.from({ length: N }, (_, n) => sampleMail(n, 'p')),
  );
  const app = await benchApp(work, dovecot.mailbox('bench'));
  statements.clear();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const start = performance.now();
  const results = await app.runIntake();
  const seconds = (performance.now() - start) / 1000;
  const { profile } = await session.post('Profiler.stop');
  await app.close();
  const file = path.join(tmpdir(), 'aduan-ingest.cpuprofile');
  await writeFile(file, JSON.stringify(profile));

  console.log(
    `${results.length} messages in ${seconds.toFixed(1)} s (${Math.round(results.length / seconds)}/s under the profiler)\n`,
  );
  console.log('CPU by package (native frames counted to their JavaScript caller):');
  for (const [name, share] of cpuByPackage(profile).slice(0, 15))
    console.log(`  ${share.toFixed(1).padStart(5)} %  ${name}`);
  const total = [...statements.values()].reduce((a, b) => a + b, 0);
  console.log(`\nSQL statements per message: ${(total / results.length).toFixed(1)}`);
  for (const [sql, n] of [...statements].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${(n / results.length).toFixed(2).padStart(5)}  ${sql}`);
  }
  console.log(`\nProfile for Chrome DevTools / speedscope: ${file}`);
} finally {
  await dovecot.stop();
  await rm(work, { recursive: true, force: true });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

function cpuByPackage(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const shares = new Map<string, number>();
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const time = profile.timeDeltas?.[i] ?? 0;
    total += time;
    let node = byId.get(id);
    const special = node?.callFrame.functionName ?? '';
    if (special === '(garbage collector)' || special === '(idle)' || special === '(program)') {
      shares.set(special, (shares.get(special) ?? 0) + time);
      return;
    }
    while (node && !node.callFrame.url) node = byId.get(parent.get(node.id) ?? -1);
    const name = node ? packageOf(node.callFrame.url) : '(root)';
    shares.set(name, (shares.get(name) ?? 0) + time);
  });
  return [...shares].map(([name, time]) => [name, (time / total) * 100] as const).sort((a, b) => b[1] - a[1]);
}

function packageOf(url: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1]!;
  if (url.includes('/src/')) return `src/${url.split('/src/')[1]}`;
  return url.startsWith('node:') ? 'node (core)' : url;
}
