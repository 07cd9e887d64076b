import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBulkReader } from '../../src/db/bulk-reader.ts';
import { sql } from '../../src/db/sql.ts';

const run = promisify(execFile);

/** The SQLite bulk reader runs its queries on a thread of its own (src/db/sqlite-read-worker.ts). */
describe('SQLite bulk reader', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'aduan-bulk-'));
    file = path.join(dir, 'aduan.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE keluhan (id INTEGER PRIMARY KEY, teks TEXT, at TEXT)`);
    const insert = db.prepare('INSERT INTO keluhan (teks, at) VALUES (?, ?)');
    for (let n = 1; n <= 3; n++) insert.run(`Lampu jalan mati ${n}`, `2026-10-0${n}T01:00:00.000+00:00`);
    db.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers queries, dates and booleans bound as the Prisma adapter writes them', async () => {
    const reader = createBulkReader({ dialect: 'sqlite', file });
    try {
      const rows = await reader.all<{ id: number; teks: string }>(
        sql`SELECT id, teks FROM keluhan WHERE at < ${new Date('2026-10-03T00:00:00Z')} AND ${true} ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: 1, teks: 'Lampu jalan mati 1' },
        { id: 2, teks: 'Lampu jalan mati 2' },
      ]);
    } finally {
      await reader.close();
    }
  });

  it('rejects a failing query with SQLite’s message and keeps answering the next', async () => {
    const reader = createBulkReader({ dialect: 'sqlite', file });
    try {
      await expect(reader.all(sql`SELECT * FROM tidak_ada`)).rejects.toThrow(/no such table: tidak_ada/);
      const [first, second] = await Promise.all([
        reader.all<{ n: number }>(sql`SELECT count(*) AS n FROM keluhan`),
        reader.all<{ teks: string }>(sql`SELECT teks FROM keluhan WHERE id = ${3}`),
      ]);
      expect(first).toEqual([{ n: 3 }]);
      expect(second).toEqual([{ teks: 'Lampu jalan mati 3' }]);
    } finally {
      await reader.close();
    }
  });

  it('opens again after close, and an idle reader never keeps the process alive', async () => {
    const reader = createBulkReader({ dialect: 'sqlite', file });
    await reader.all(sql`SELECT 1`);
    await reader.close();
    expect(await reader.all(sql`SELECT 2 AS n`)).toEqual([{ n: 2 }]);
    await reader.close();

    // A process that reads and forgets to close must still end on its own.
    const script = `
      const { createBulkReader } = await import(${JSON.stringify(path.resolve('src/db/bulk-reader.ts'))});
      const { sql } = await import(${JSON.stringify(path.resolve('src/db/sql.ts'))});
      const rows = await createBulkReader({ dialect: 'sqlite', file: ${JSON.stringify(file)} }).all(sql\`SELECT count(*) AS n FROM keluhan\`);
      console.log(rows[0].n);`;
    await writeFile(path.join(dir, 'forgets-to-close.mjs'), script);
    const { stdout } = await run(process.execPath, [path.join(dir, 'forgets-to-close.mjs')], {
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('3');
  });
});
