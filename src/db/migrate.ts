import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseDatabaseUrl } from './database-url.ts';
import type * as SchemaEngineModule from './schema-engine.ts';
import { readMigrations, readSchema } from './migration-files.ts';

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The wasm schema engine is loaded only when there is work for it: a service start seldom has. */
const withSchemaEngine: typeof SchemaEngineModule.withSchemaEngine = async (...args) =>
  (await import('./schema-engine.ts')).withSchemaEngine(...args);

/**
 * Applies the pending migrations of the URL's dialect in-process (Prisma's wasm schema engine),
 * recording them in `_prisma_migrations` exactly as `prisma migrate deploy` would. Idempotent: a
 * second run applies nothing. Creates the parent folder of an SQLite file.
 */
export async function migrateDatabase(url: string): Promise<{ applied: string[] }> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') await mkdir(dirname(target.file), { recursive: true });
  const [schema, migrationsList] = await Promise.all([
    readSchema(target.dialect),
    readMigrations(target.dialect),
  ]);
  // Prisma's SQLite schema engine wants the database to itself, even with nothing to apply: a CLI
  // command next to a running service would wait and fail. Up to date is read directly instead.
  if (target.dialect === 'sqlite') {
    const onDisk = migrationsList.migrationDirectories.map((dir) => dir.path);
    const applied = await appliedSqliteMigrations(target.file);
    if (applied && onDisk.every((name) => applied.has(name))) return { applied: [] };
  }
  return withSchemaEngine(target, schema, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return { applied: appliedMigrationNames };
  });
}

export interface MigrationStatus {
  /** Migrations on disk not yet applied to the database, oldest first. */
  pending: string[];
  /** Migrations recorded as applied in the database, oldest first. */
  applied: string[];
  /** Applied migrations whose file changed since (checksum mismatch). */
  edited: string[];
  /** Migrations that started and failed; `prisma migrate resolve` territory. */
  failed: string[];
}

/** What `aduan db status` shows. Read-only: never creates the database or the migrations table. */
export async function migrationStatus(url: string): Promise<MigrationStatus> {
  const target = parseDatabaseUrl(url);
  const [schema, migrationsList] = await Promise.all([
    readSchema(target.dialect),
    readMigrations(target.dialect),
  ]);
  const onDisk = migrationsList.migrationDirectories.map((dir) => dir.path);
  if (target.dialect === 'sqlite' && !(await exists(target.file))) {
    return { pending: onDisk, applied: [], edited: [], failed: [] };
  }
  return withSchemaEngine(target, schema, async (engine) => {
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
    const history = diagnosis.history;
    const pending =
      history && history.diagnostic !== 'migrationsDirectoryIsBehind' ? history.unappliedMigrationNames : [];
    const notOnDisk =
      history && history.diagnostic !== 'databaseIsBehind' ? history.unpersistedMigrationNames : [];
    const failed = diagnosis.failedMigrationNames;
    const applied = [
      ...onDisk.filter((name) => !pending.includes(name) && !failed.includes(name)),
      ...notOnDisk,
    ];
    return { pending, applied, edited: diagnosis.editedMigrationNames, failed };
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Names of the migrations recorded as applied in an SQLite file; null when it has no record yet. */
async function appliedSqliteMigrations(file: string): Promise<Set<string> | null> {
  if (!(await exists(file))) return null;
  const { default: Database } = await import('better-sqlite3');
  // Not readonly: a process killed in the middle of a transaction (a first start's migration) leaves
  // a hot journal that only a writable connection can roll back; a readonly one fails with
  // "attempt to write a readonly database", and the service would never start again.
  const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
  try {
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    if (!table) return null;
    const rows = db
      .prepare(
        'SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      )
      .all() as { name: string }[];
    return new Set(rows.map((row) => row.name));
  } finally {
    db.close();
  }
}
