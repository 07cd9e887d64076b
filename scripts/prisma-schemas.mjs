#!/usr/bin/env node
// Writes the two provider schemas from the one source, prisma/schema.base.prisma:
//   prisma/sqlite/schema.prisma      → client in src/db/generated/sqlite
//   prisma/postgresql/schema.prisma  → client in src/db/generated/postgresql
// One Prisma schema has one provider; everything but the header is identical. The outputs are
// committed (prisma migrate deploy --schema … and the migrations need them) and rewritten by
// scripts/prisma-generate.mjs, so an edit to the base reaches both on the next `npm run db:generate`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIALECTS = /** @type {const} */ (['sqlite', 'postgresql']);
export const BASE_SCHEMA = join(ROOT, 'prisma', 'schema.base.prisma');

/** @param {'sqlite' | 'postgresql'} dialect */
export function schemaPath(dialect) {
  return join(ROOT, 'prisma', dialect, 'schema.prisma');
}

/**
 * The schema text for one provider. No `url` in the datasource: Prisma 7 takes it from
 * prisma.config.ts (CLI) or from the driver adapter (runtime and src/db/migrate.ts).
 * @param {'sqlite' | 'postgresql'} dialect
 * @param {string} base
 */
export function renderSchema(dialect, base) {
  return `// GENERATED from prisma/schema.base.prisma by scripts/prisma-schemas.mjs — do not edit.

generator client {
  provider               = "prisma-client"
  output                 = "../../src/db/generated/${dialect}"
  runtime                = "nodejs"
  moduleFormat           = "esm"
  // The query compiler built for size: half the wasm, ~20 MiB less resident in the service, and
  // intake and the SLA sweeps measured as fast (README, "Memory").
  compilerBuild          = "small"
  // Node 24 runs the generated .ts directly (type stripping) when imports carry the .ts extension.
  generatedFileExtension = "ts"
  importFileExtension    = "ts"
}

datasource db {
  provider = "${dialect}"
}

${base.trimEnd()}
`;
}

/** Writes both schemas; returns their paths. Leaves a file untouched when its text is unchanged. */
export async function writeSchemas() {
  const base = await readFile(BASE_SCHEMA, 'utf8');
  const written = [];
  for (const dialect of DIALECTS) {
    const path = schemaPath(dialect);
    const text = renderSchema(dialect, base);
    const current = await readFile(path, 'utf8').catch(() => null);
    if (current !== text) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    }
    written.push(path);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeSchemas();
}
