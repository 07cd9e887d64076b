/**
 * Creates the next migration for BOTH dialects, in-process with Prisma's wasm schema engine — the
 * engine binary that `prisma migrate dev` needs cannot be downloaded here, and is never needed.
 *
 *   node scripts/new-migration.ts <name>          e.g. node scripts/new-migration.ts add_task_notes
 *
 * 1. rewrites prisma/{sqlite,postgresql}/schema.prisma from prisma/schema.base.prisma;
 * 2. replays each dialect's existing migrations into a shadow database (SQLite: in memory;
 *    PostgreSQL: a private throwaway cluster from test/support/postgres.ts, or the database in
 *    SHADOW_DATABASE_URL — a shadow database is created inside it and dropped) and diffs that
 *    against the schema;
 * 3. writes prisma/<dialect>/migrations/<yyyymmddhhmmss>_<name>/migration.sql (Prisma's layout, so
 *    `prisma migrate deploy` works too). A dialect without changes gets no folder.
 *
 * HAND-ADDED SQL lives in the migration files themselves: e.g. the triggers that make `events`
 * append-only are appended to the *_init migrations. The diff only knows tables, columns, indexes
 * and foreign keys, so it neither sees nor undoes triggers. Review the generated SQL before
 * committing; add such hand-written SQL at the end of the new migration.sql, in both dialects.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { DatabaseTarget, Dialect } from '../src/db/database-url.ts';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { unmigratedSchemaChanges } from '../src/db/migration-diff.ts';
import { LOCKFILE, lockfileText, migrationsDir } from '../src/db/migration-files.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { DIALECTS, ROOT, writeSchemas } from './prisma-schemas.mjs';

const name = (process.argv[2] ?? '')
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '_')
  .replace(/^_|_$/g, '');
if (!name) {
  console.error('usage: node scripts/new-migration.ts <name>   (e.g. add_task_notes)');
  process.exit(2);
}

await writeSchemas();
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = `${stamp}_${name}`;

for (const dialect of DIALECTS) {
  const existing = await readdir(migrationsDir(dialect)).catch(() => []);
  if (existing.some((entry) => entry.endsWith(`_${name}`))) {
    console.error(`${dialect}: a migration named "${name}" exists already; pick another name.`);
    process.exit(1);
  }
}

for (const dialect of DIALECTS) {
  const sql = await withTarget(dialect, (target) => unmigratedSchemaChanges(dialect, target));
  if (!sql) {
    console.log(`${dialect}: schema matches the migrations, nothing to do`);
    continue;
  }
  const dir = join(migrationsDir(dialect), folder);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'migration.sql'), sql);
  await writeFile(join(migrationsDir(dialect), LOCKFILE), lockfileText(dialect));
  console.log(`${dialect}: wrote ${relative(ROOT, join(dir, 'migration.sql'))}`);
}

/** A database the engine may connect to; only the shadow database it creates is ever written. */
async function withTarget<T>(dialect: Dialect, fn: (target: DatabaseTarget) => Promise<T>): Promise<T> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'aduan-migration-'));
    try {
      return await fn({ dialect, file: join(dir, 'scratch.db') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const given = process.env.SHADOW_DATABASE_URL;
  if (given) return fn(parseDatabaseUrl(given));
  const server = await startPostgres();
  try {
    return await fn(parseDatabaseUrl(server.url));
  } finally {
    await server.stop();
  }
}
