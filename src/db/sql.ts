import { join, raw, sql, type Sql } from '@prisma/client-runtime-utils';
import type { Dialect } from './database-url.ts';

export { sql };

/**
 * Rows per multi-row statement. A Prisma round trip costs ~150-300 µs on a small machine whatever
 * it carries (bench/profile-ingest.ts), so batched writes send many rows per statement; this bound
 * keeps each statement far below SQLite's 32,766 and PostgreSQL's 65,535 parameters.
 */
export const ROWS_PER_STATEMENT = 200;

/** `(a, b), (c, d), …` for a multi-row VALUES list; placeholders follow the client's dialect. */
export function valuesOf<T>(rows: readonly T[], row: (item: T) => readonly unknown[]): Sql {
  return join(rows.map((item) => sql`(${join(row(item))})`));
}

/** `(a, b, c)` for an IN list. */
export function listOf(values: readonly unknown[]): Sql {
  return sql`(${join(values)})`;
}

/** Splits rows into statement-sized pieces. */
export function inStatements<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const pieces: T[][] = [];
  for (let at = 0; at < rows.length; at += size) pieces.push(rows.slice(at, at + size));
  return pieces;
}

/** The SQL type of a column in jsonRows. */
export type ColumnType = 'text' | 'integer' | 'boolean' | 'timestamp';

/**
 * `SELECT c1, c2, … FROM <rows>` where the rows travel as ONE JSON parameter: Prisma prepares
 * each raw parameter on its way (~5 µs), which for a batch of complaints is thousands of them; the
 * database reads the JSON in C instead (json_each on SQLite, jsonb_array_elements on PostgreSQL).
 * Rows come out in the given order, so serial ids follow it. Timestamps are written as the
 * SQLite adapter writes them (ISO 8601, "+00:00"), so they compare and read back like Prisma's own.
 */
export function jsonRows(
  dialect: Dialect,
  types: readonly ColumnType[],
  rows: readonly (readonly unknown[])[],
): Sql {
  const encoded = JSON.stringify(rows.map((row) => types.map((type, n) => encode(dialect, type, row[n]))));
  if (dialect === 'sqlite') {
    const columns = types.map((_, n) => `j.value ->> ${n} AS c${n + 1}`).join(', ');
    return sql`SELECT ${raw(columns)} FROM json_each(${encoded}) AS j WHERE true ORDER BY j.key`;
  }
  const columns = types
    .map((type, n) => `(j.value ->> ${n})::${POSTGRES_TYPES[type]} AS c${n + 1}`)
    .join(', ');
  return sql`SELECT ${raw(columns)} FROM jsonb_array_elements(${encoded}::jsonb) WITH ORDINALITY AS j(value, n) WHERE true ORDER BY j.n`;
}

const POSTGRES_TYPES: Record<ColumnType, string> = {
  text: 'text',
  integer: 'integer',
  boolean: 'boolean',
  timestamp: 'timestamp(3)',
};

function encode(dialect: Dialect, type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamp') {
    const iso = (value as Date).toISOString();
    return dialect === 'sqlite' ? iso.replace('Z', '+00:00') : iso;
  }
  if (type === 'boolean' && dialect === 'sqlite') return value ? 1 : 0;
  return value;
}
