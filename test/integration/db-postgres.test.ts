import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres } from '../support/postgres.ts';
import type { PostgresServer } from '../support/postgres.ts';
import { storeContract } from './db-store-contract.ts';

// One private cluster for the file, a fresh database per suite (see test/support/postgres.ts).
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

async function rawQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

storeContract({ dialect: 'postgresql', newDatabaseUrl: () => server.createDatabase(), rawQuery });
