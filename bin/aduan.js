#!/usr/bin/env node
// Node >= 22.18 runs our TypeScript sources directly (type stripping); older runtimes use the
// output of `npm run build`.
import { existsSync } from 'node:fs';

const entry = process.features.typescript ? '../src/cli/main.ts' : '../dist/cli/main.js';
const url = new URL(entry, import.meta.url);
if (!process.features.typescript && !existsSync(url)) {
  console.error(
    `Node ${process.version} cannot run TypeScript directly. Use Node 24 LTS, or run \`npm run build\` first.`,
  );
  process.exit(1);
}
await import(url.href);
