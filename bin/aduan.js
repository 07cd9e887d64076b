#!/usr/bin/env node
// Node >= 22.18 runs our TypeScript sources directly (type stripping); older runtimes use the
// output of `npm run build`.
import { existsSync } from 'node:fs';

// `aduan start` runs for months. Its memory settings can only be given when a process starts, so it
// starts itself again once with them (same pid; README, "Memory"): a small young generation, and a
// C allocator that hands freed memory back. Settings the operator gave win.
if (process.argv[2] === 'start' && !process.env.ADUAN_MEMORY_SET && typeof process.execve === 'function') {
  const youngGeneration = /--max-semi-space-size/.test(`${process.execArgv} ${process.env.NODE_OPTIONS}`)
    ? []
    : ['--max-semi-space-size=2'];
  // And a garbage collection after scheduled jobs (src/cli/commands/start.ts).
  const collect = process.execArgv.includes('--expose-gc') ? [] : ['--expose-gc'];
  process.execve(
    process.execPath,
    [process.execPath, ...youngGeneration, ...collect, ...process.execArgv, ...process.argv.slice(1)],
    {
      MALLOC_ARENA_MAX: '2',
      MALLOC_MMAP_THRESHOLD_: '131072',
      MALLOC_TRIM_THRESHOLD_: '131072',
      ...process.env,
      ADUAN_MEMORY_SET: '1',
    },
  );
}

const entry = process.features.typescript ? '../src/cli/main.ts' : '../dist/cli/main.js';
const url = new URL(entry, import.meta.url);
if (!process.features.typescript && !existsSync(url)) {
  console.error(
    `Node ${process.version} cannot run TypeScript directly. Use Node 24 LTS, or run \`npm run build\` first.`,
  );
  process.exit(1);
}
await import(url.href);
