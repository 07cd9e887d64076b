import type { Prisma } from './generated/sqlite/client.ts';

/**
 * What repositories talk to: a Prisma client or an interactive-transaction client.
 *
 * There are two generated clients (src/db/generated/sqlite and …/postgresql) from one schema
 * source, so their model APIs are the same; repositories are typed against the SQLite one and the
 * PostgreSQL client is handed over as that type (open-store.ts). Stay within the common ground:
 * no provider-only options (e.g. `mode: 'insensitive'`, `skipDuplicates`), and raw SQL that both
 * databases accept (INSERT … ON CONFLICT … RETURNING works on SQLite ≥ 3.35 and PostgreSQL).
 */
export type Db = Prisma.TransactionClient;

/** Throws when a stored string is not one of the values the domain allows. */
export function oneOf<const T extends readonly string[]>(allowed: T, value: string, what: string): T[number] {
  if (!allowed.includes(value))
    throw new Error(`Unexpected ${what} "${value}" in the database (allowed: ${allowed.join(', ')})`);
  return value as T[number];
}
