#!/usr/bin/env node
// `npm run db:generate` and npm's postinstall: writes the SQLite and PostgreSQL schemas from
// prisma/schema.base.prisma, then generates both Prisma clients (src/db/generated/, git-ignored).
//
// `prisma generate` insists that a schema-engine binary exists, and downloads one when it does not —
// from a host this machine and CI cannot reach. Generating never runs it, so unless
// PRISMA_SCHEMA_ENGINE_BINARY is already set we point it at a stub that just exits 1.
// (Migrations never need the binary: src/db/migrate.ts runs the wasm engine in-process.)
import { spawn } from 'node:child_process';
import console from 'node:console';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { DIALECTS, ROOT, schemaPath, writeSchemas } from './prisma-schemas.mjs';

const started = performance.now();
await writeSchemas();

const env = {
  ...process.env,
  CHECKPOINT_DISABLE: '1', // no update check over the network
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const stubDir = join(tmpdir(), 'kotak-aduan-prisma');
  const stub = join(stubDir, 'schema-engine-stub');
  await mkdir(stubDir, { recursive: true });
  await writeFile(
    stub,
    '#!/bin/sh\necho "schema-engine stub: use src/db/migrate.ts (wasm engine)" >&2\nexit 1\n',
  );
  await chmod(stub, 0o755);
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}

const require = createRequire(import.meta.url);
const prismaCli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');

/** @param {string} schema */
function generate(schema) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'generate', '--schema', schema], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(undefined);
      else
        reject(
          new Error(`prisma generate --schema ${relative(ROOT, schema)} failed (exit ${code}):\n${output}`),
        );
    });
  });
}

try {
  await Promise.all(DIALECTS.map((dialect) => generate(schemaPath(dialect))));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`Prisma clients generated for ${DIALECTS.join(' and ')} in src/db/generated/ (${seconds} s)`);
