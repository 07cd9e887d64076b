import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, DriverAdapterError } from '@prisma/driver-adapter-utils';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import type pg from 'pg';
import type { DatabaseTarget } from './database-url.ts';

/**
 * Prisma's schema engine compiled to WebAssembly, run in-process through a driver adapter: no
 * native engine binary to download (../shared/notes/prisma-offline.md). Node cannot `import` a
 * .wasm file, so the module is instantiated by hand, once per process.
 */
let loaded: Promise<void> | undefined;

// The project's lib settings (ES2023, no DOM) carry no WebAssembly types; this is all we use.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
};

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const module = new WebAssembly.Module(await readFile(join(dir, 'schema_engine_bg.wasm')));
    const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports as never);
    (instance.exports['__wbindgen_start'] as () => void)();
  })();
  return loaded;
}

export type { SchemaEngine };

/**
 * Runs fn with a schema engine connected to the target, then frees the engine and closes every
 * connection it opened (the engine does not dispose of its main connection itself).
 */
export async function withSchemaEngine<T>(
  target: DatabaseTarget,
  datamodel: { path: string; content: string },
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const opened: SqlDriverAdapter[] = [];
  const remember = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => (disposed ??= dispose());
    opened.push(adapter);
    return patchForEngine(adapter);
  };
  const bound = bindMigrationAwareSqlAdapterFactory(trackedFactory(target, remember));
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[datamodel.path, datamodel.content]] },
    () => {},
    bound,
  );
  try {
    return await fn(engine);
  } catch (error) {
    throw explain(error, bound.errorRegistry);
  } finally {
    engine.free();
    // Newest first: a shadow database is dropped through the connection opened just before it.
    for (const adapter of opened.reverse()) await adapter.dispose().catch(() => {});
  }
}

/**
 * The driver adapter factory for a target, reporting every connection it opens. PostgreSQL gets
 * its own shadow database (only `diff` from migrations needs one) because PrismaPg 7.10's drops
 * it while its pool is still connected ("being accessed by other users"), leaks the admin
 * connection, and lets a connection string override the shadow database's name.
 */
function trackedFactory(
  target: DatabaseTarget,
  remember: (adapter: SqlDriverAdapter) => SqlDriverAdapter,
): SqlMigrationAwareDriverAdapterFactory {
  if (target.dialect === 'sqlite') {
    const factory = new PrismaBetterSqlite3({ url: `file:${target.file}` });
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => remember(await factory.connect()),
      connectToShadowDb: async () => remember(await factory.connectToShadowDb()), // in memory
    };
  }
  const factory = new PrismaPg({ connectionString: target.url, max: 2 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => remember(await factory.connect()),
    connectToShadowDb: async () => {
      const admin = remember(await factory.connect());
      const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const url = new URL(target.url);
      url.pathname = `/${name}`;
      const shadow = await new PrismaPg({ connectionString: url.toString(), max: 2 }).connect();
      const closePool = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await closePool();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
      };
      return remember(shadow);
    },
  };
}

const PG_CHAR = 18;
const PG_TEXT = 25;
/** A script that manages its own transaction (a trigger body's BEGIN … END; is not one). */
const OWN_TRANSACTION =
  /^\s*(BEGIN(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?|COMMIT(\s+TRANSACTION)?|END\s+TRANSACTION)\s*;/im;

/**
 * Works around gaps of the 7.10 adapters when the schema engine drives them:
 * - PostgreSQL, describing a schema (diff from migrations): catalog columns of type "char" make
 *   PrismaPg fail ("Column type 'char' could not be deserialized").
 * - PostgreSQL, applying: PrismaPg's executeScript splits on every ";", breaking `$$ … $$` bodies,
 *   and runs the pieces one by one. pg's simple-query protocol takes the whole script, as one
 *   implicit transaction: a failing migration leaves nothing half-applied, as with the native
 *   engine. (So hand-written SQL must not use CREATE INDEX CONCURRENTLY.)
 * - SQLite, applying: every statement commits on its own, one fsync each (0.9 s for the init
 *   migration instead of 20 ms) and a failing migration stays half-applied. Each script now runs
 *   in one transaction; SQLite's DDL is transactional.
 * - SQLite, replaying into a shadow database: the engine sends each script through executeRaw,
 *   which better-sqlite3 prepares as a single statement; scripts go to executeScript instead.
 */
function patchForEngine(adapter: SqlDriverAdapter): SqlDriverAdapter {
  if (adapter.provider === 'postgres' && 'performIO' in adapter) {
    // pg hands "char" values over as strings already: call the column text.
    const withIO = adapter as SqlDriverAdapter & { performIO(query: SqlQuery): Promise<pg.QueryArrayResult> };
    const performIO = withIO.performIO.bind(adapter);
    withIO.performIO = async (query: SqlQuery) => {
      const result = await performIO(query);
      for (const field of result.fields) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
      return result;
    };
  }
  if (adapter.provider === 'postgres' && 'underlyingDriver' in adapter) {
    const driver = (adapter as SqlDriverAdapter & { underlyingDriver(): pg.Pool }).underlyingDriver();
    adapter.executeScript = async (script: string) => {
      try {
        await driver.query(script);
      } catch (error) {
        const e = error as pg.DatabaseError;
        if (typeof e.code !== 'string') throw error;
        throw new DriverAdapterError({
          kind: 'postgres',
          code: e.code,
          severity: e.severity ?? 'ERROR',
          message: e.message,
          detail: e.detail,
          column: e.column,
          hint: e.hint,
          originalCode: e.code,
          originalMessage: e.message,
        });
      }
    };
  }
  if (adapter.provider === 'sqlite') {
    const executeScript = adapter.executeScript.bind(adapter);
    const client = (adapter as SqlDriverAdapter & { client?: { inTransaction?: boolean } }).client;
    adapter.executeScript = async (script: string) => {
      if (client?.inTransaction || OWN_TRANSACTION.test(script)) return executeScript(script);
      // Prisma's table redefinitions switch foreign keys off, which SQLite ignores inside a
      // transaction: do it outside, and check the keys before committing (SQLite's own recipe).
      const keysOff = /PRAGMA\s+foreign_keys\s*=\s*(OFF|0|false)\b/i.test(script);
      if (keysOff) await executeScript('PRAGMA foreign_keys = OFF');
      try {
        await executeScript('BEGIN');
        await executeScript(script);
        const broken = await adapter.queryRaw({ sql: 'PRAGMA foreign_key_check', args: [], argTypes: [] });
        if (broken.rows.length > 0)
          throw new Error(
            `migration leaves ${broken.rows.length} row(s) violating foreign keys: ${JSON.stringify(broken.rows.slice(0, 5))}`,
          );
        await executeScript('COMMIT');
      } catch (error) {
        if (client?.inTransaction) await executeScript('ROLLBACK');
        throw error;
      } finally {
        if (keysOff) await executeScript('PRAGMA foreign_keys = ON');
      }
    };
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query: SqlQuery) => {
      try {
        return await executeRaw(query);
      } catch (error) {
        if (query.args.length > 0 || !String((error as Error).message).includes('more than one statement'))
          throw error;
        await adapter.executeScript(query.sql);
        return 0;
      }
    };
  }
  return adapter;
}

/**
 * The engine reports a driver failure as "External error id#N"; the driver's own error (the SQL
 * error a developer needs) sits in the adapter's error registry under N.
 */
function explain(
  error: unknown,
  registry: { consumeError(id: number): { error: unknown } | undefined },
): unknown {
  if (!(error instanceof Error)) return error;
  const details = [...error.message.matchAll(/External error id#(\d+)/g)]
    .map((match) => registry.consumeError(Number(match[1]))?.error)
    .filter((found) => found !== undefined)
    .map((found) =>
      typeof found === 'object' && found && 'message' in found
        ? String(found.message)
        : JSON.stringify(found),
    );
  if (details.length > 0) error.message += `\nDriver error: ${details.join('\n')}`;
  return error;
}
