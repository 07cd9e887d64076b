#!/usr/bin/env node
// Node >= 22.18 runs our TypeScript sources directly (type stripping); older runtimes use `npm run build` output.
const entry = process.features.typescript ? '../src/cli/main.ts' : '../dist/cli/main.js';
await import(new URL(entry, import.meta.url).href);
