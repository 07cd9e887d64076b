import type { DatabaseTarget, Dialect } from './database-url.ts';
import { readMigrations, readSchema } from './migration-files.ts';
import { withSchemaEngine } from './schema-engine.ts';

/**
 * The SQL that takes a database holding all of a dialect's migrations to its current schema, or
 * '' when the migrations already produce it. The engine replays the migrations into a shadow
 * database next to `target` (SQLite: in memory; PostgreSQL: a database it creates and drops on
 * that server), so `target` itself is only connected to, never changed.
 */
export async function unmigratedSchemaChanges(dialect: Dialect, target: DatabaseTarget): Promise<string> {
  const [schema, migrations] = await Promise.all([readSchema(dialect), readMigrations(dialect)]);
  const from =
    migrations.migrationDirectories.length === 0
      ? { tag: 'empty' as const }
      : { tag: 'migrations' as const, ...migrations };
  const result = await withSchemaEngine(target, schema, (engine) =>
    engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    }),
  );
  const sql = result.stdout ?? '';
  // An empty diff comes back as "-- This is an empty migration."
  return /^\s*(--[^\n]*\n?\s*)*$/.test(sql) ? '' : sql;
}
