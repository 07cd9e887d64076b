import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, migrationStatus } from '../../src/db/migrate.ts';
import { openStore } from '../../src/db/open-store.ts';
import { storeContract } from './db-store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'aduan-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract({
  dialect: 'sqlite',
  newDatabaseUrl: async () => `file:${join(dir, `db-${++n}`, 'aduan.db')}`,
  async rawQuery(url, sql) {
    const db = new Database(url.slice('file:'.length));
    try {
      const statement = db.prepare(sql);
      return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
    } finally {
      db.close();
    }
  },
});

describe('sqlite specifics', () => {
  it('creates the folder, runs in WAL mode and keeps foreign keys on', async () => {
    const url = `file:${join(dir, 'nested', 'deeper', 'aduan.db')}`;
    await migrateDatabase(url);
    const store = await openStore(url);
    await store.close();
    const db = new Database(url.slice('file:'.length));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(() =>
        db
          .prepare(
            "INSERT INTO tasks (id, complaint_id, step_id, role, status, created_at, due_at) VALUES ('t', 'nope', 's', 'r', 'open', 0, 0)",
          )
          .run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });

  it('reports status without creating the database file', async () => {
    const file = join(dir, 'not-yet', 'aduan.db');
    const status = await migrationStatus(`file:${file}`);
    expect(status.applied).toEqual([]);
    expect(status.pending.length).toBeGreaterThan(0);
    expect(existsSync(file)).toBe(false);
  });
});
