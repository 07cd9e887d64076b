import type { Sql } from '@prisma/client-runtime-utils';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Client as PgClient } from 'pg';
import type { DatabaseTarget } from './database-url.ts';

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

function sqliteReader(file: string): BulkReader {
  let db: SqliteDatabase | undefined;
  return {
    async all<T>(query: Sql) {
      if (!db) {
        const { default: Database } = await import('better-sqlite3');
        // WAL: this reader sees one consistent snapshot per statement and never blocks the writer.
        db = new Database(file, { readonly: true, fileMustExist: true });
      }
      return db.prepare(query.sql).all(...query.values.map(sqliteValue)) as T[];
    },
    async close() {
      db?.close();
      db = undefined;
    },
  };
}

function postgresReader(url: string): BulkReader {
  let client: PgClient | undefined;
  return {
    async all<T>(query: Sql) {
      if (!client) {
        const { default: pg } = await import('pg');
        client = new pg.Client({ connectionString: url });
        await client.connect();
      }
      const result = await client.query(query.text, query.values.map(postgresValue));
      return result.rows as T[];
    },
    async close() {
      await client?.end();
      client = undefined;
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
