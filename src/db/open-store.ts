import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Repositories, Store } from '../use-cases/ports/store.ts';
import type { Db } from './client.ts';
import { parseDatabaseUrl } from './database-url.ts';
import type { DatabaseTarget } from './database-url.ts';
import { createBulkReader, type BulkReader } from './bulk-reader.ts';
import { makeRepositories } from './repositories/index.ts';

export interface OpenStoreOptions {
  /** SQLite: how long a writer waits for another process's lock before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in the pool. */
  poolSize?: number;
}

/** The slice of a generated PrismaClient the store uses; both dialects' clients fit it. */
interface Client {
  $transaction<T>(fn: (tx: Db) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T>;
  $queryRawUnsafe(sql: string): Promise<unknown>;
  $disconnect(): Promise<void>;
}

/** Waiting for a connection (or SQLite's single writer), and the longest a transaction may run. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

/**
 * Opens the database behind a URL (`file:` → SQLite through better-sqlite3, `postgres(ql)://` →
 * PostgreSQL through pg) as a Store. It does not migrate: call migrateDatabase(url) first.
 * Only the chosen dialect's generated client and driver are loaded.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  const client =
    target.dialect === 'sqlite' ? await openSqlite(target, options) : await openPostgres(target, options);
  const bulk = createBulkReader(target);
  const transaction = <T>(fn: (repos: Repositories) => Promise<T>): Promise<T> =>
    client.$transaction((tx) => fn(makeRepositories(tx, target.dialect, bulk)), TRANSACTION_OPTIONS);
  return {
    dialect: target.dialect,
    transaction,
    repos:
      target.dialect === 'sqlite'
        ? eachCallInItsOwnTransaction(transaction, bulk)
        : makeRepositories(client as unknown as Db, target.dialect, bulk),
    ping: async () => {
      await client.$queryRawUnsafe('SELECT 1');
    },
    close: async () => {
      await bulk.close();
      await client.$disconnect();
    },
  };
}

async function openSqlite(
  target: Extract<DatabaseTarget, { dialect: 'sqlite' }>,
  options: OpenStoreOptions,
): Promise<Client> {
  const [{ PrismaClient }, { PrismaBetterSqlite3 }] = await Promise.all([
    import('./generated/sqlite/client.ts'),
    import('@prisma/adapter-better-sqlite3'),
  ]);
  await mkdir(dirname(target.file), { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  const adapter = new PrismaBetterSqlite3({ url: `file:${target.file}`, timeout: busyTimeoutMs });
  const client = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  // WAL: readers never block the writer (the CLI can read while the service runs); NORMAL is
  // durable in WAL mode except for the last transactions on power loss, not on a crash.
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await client.$queryRawUnsafe(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  await client.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  await client.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  await client.$queryRawUnsafe('PRAGMA cache_size = -4000');
  return client as unknown as Client;
}

async function openPostgres(
  target: Extract<DatabaseTarget, { dialect: 'postgresql' }>,
  options: OpenStoreOptions,
): Promise<Client> {
  const [{ PrismaClient }, { PrismaPg }] = await Promise.all([
    import('./generated/postgresql/client.ts'),
    import('@prisma/adapter-pg'),
  ]);
  const adapter = new PrismaPg({ connectionString: target.url, max: options.poolSize ?? 10 });
  const client = new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  await client.$queryRawUnsafe('SELECT 1'); // fail here, with the URL's problem, not at first use
  return client as unknown as Client;
}

/**
 * SQLite through the Prisma adapter is ONE connection: a query sent outside a transaction while
 * an interactive transaction is open runs inside it, and vanishes if that transaction rolls back.
 * So on SQLite every call on `store.repos` takes the adapter's transaction lock like
 * store.transaction() does. (Consequence: never use store.repos inside store.transaction() —
 * on SQLite it waits for itself until maxWait; use the repositories fn receives.)
 */
function eachCallInItsOwnTransaction(transaction: Store['transaction'], bulk: BulkReader): Repositories {
  const shape = makeRepositories(null as unknown as Db, 'sqlite', bulk); // only the method names are read
  const repos: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(shape)) {
    const methods: Record<string, unknown> = {};
    for (const method of Object.keys(repository)) {
      // The reports' bulk read has its own connection: it needs no lock, and holds none.
      if (name === 'reports' && method === 'historiesBetween') {
        methods[method] = (repository as Record<string, unknown>)[method];
        continue;
      }
      methods[method] = (...args: unknown[]) =>
        transaction((r) => {
          const target = (
            r as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>
          )[name];
          return target![method]!(...args);
        });
    }
    repos[name] = methods;
  }
  return repos as unknown as Repositories;
}
