import type { Sql } from '@prisma/client-runtime-utils';
import { Worker } from 'node:worker_threads';
import type { Client as PgClient } from 'pg';
import type { DatabaseTarget } from './database-url.ts';
import type { ReadRequest, ReadResponse } from './sqlite-read-worker.ts';

/**
 * A read-only connection of its own, beside Prisma, for the reports' bulk reads: a month's recap
 * reads 100,000 rows of long text, and Prisma's row mapping doubled that read (and, on SQLite, held
 * the one connection the service writes through for its whole length). Rows come back as the
 * driver gives them; queries must return text, numbers and booleans only — timestamps formatted
 * in SQL — because the drivers' own Date handling differs from Prisma's (pg would read a
 * `timestamp` in the process's local zone).
 */
export interface BulkReader {
  all<T>(query: Sql): Promise<T[]>;
  close(): Promise<void>;
}

export function createBulkReader(target: DatabaseTarget): BulkReader {
  return target.dialect === 'sqlite' ? sqliteReader(target.file) : postgresReader(target.url);
}

/**
 * better-sqlite3 answers synchronously: the connection lives on a worker thread of its own, so a
 * long read neither stalls the service nor keeps the report's replay waiting on it.
 */
function sqliteReader(file: string): BulkReader {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  const failAll = (stopped: Worker, error: Error) => {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
    if (worker === stopped) worker = undefined;
  };
  const start = () => {
    const started = new Worker(WORKER_URL, { workerData: { file } });
    started.on('message', (response: ReadResponse) => {
      const request = pending.get(response.id);
      pending.delete(response.id);
      if (!pending.size) started.unref(); // an idle reader never keeps the process alive
      if ('error' in response) request?.reject(new Error(response.error));
      else request?.resolve(response.rows);
    });
    started.on('error', (error: Error) => failAll(started, error));
    started.on('exit', (code) =>
      failAll(started, new Error(`the SQLite read thread stopped (exit code ${code})`)),
    );
    return started;
  };
  return {
    all<T>(query: Sql) {
      worker ??= start();
      worker.ref();
      const id = nextId++;
      const request: ReadRequest = { id, sql: query.sql, values: query.values.map(sqliteValue) };
      return new Promise<T[]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
        worker!.postMessage(request);
      });
    },
    async close() {
      const stopping = worker;
      worker = undefined;
      await stopping?.terminate();
    },
  };
}

/** Run from source (type stripping) or from the build. */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './sqlite-read-worker.ts' : './sqlite-read-worker.js',
  import.meta.url,
);

function postgresReader(url: string): BulkReader {
  let client: PgClient | undefined;
  return {
    async all<T>(query: Sql) {
      if (!client) {
        const { default: pg } = await import('pg');
        const connecting = new pg.Client({ connectionString: url });
        // A server restart cuts the connection between reports: without a listener the error
        // would end the service; with it, the next report connects again.
        connecting.on('error', () => {
          if (client === connecting) client = undefined;
        });
        await connecting.connect();
        client = connecting;
      }
      const result = await client.query(query.text, query.values.map(postgresValue));
      return result.rows as T[];
    },
    async close() {
      const closing = client;
      client = undefined;
      await closing?.end();
    },
  };
}

/** Timestamps as the SQLite adapter stores them ("…+00:00"), so they compare as text correctly. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** Timestamps as UTC wall time, as Prisma writes `timestamp(3)` columns. */
function postgresValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().replace('Z', '') : value;
}
