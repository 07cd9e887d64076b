import { join, sql, type Sql } from '@prisma/client-runtime-utils';

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
