/**
 * The SQLite bulk reader's thread (bulk-reader.ts): better-sqlite3 runs a query synchronously, so
 * a report's seconds-long read runs here instead of stalling the service's event loop, and the
 * next page is read while the report replays the current one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface ReadRequest {
  id: number;
  sql: string;
  values: unknown[];
}

export type ReadResponse = { id: number; rows: unknown[] } | { id: number; error: string };

// WAL: this reader sees one consistent snapshot per statement and never blocks the writer.
const db = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });

parentPort!.on('message', ({ id, sql, values }: ReadRequest) => {
  let response: ReadResponse;
  try {
    response = { id, rows: db.prepare(sql).all(...values) };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
