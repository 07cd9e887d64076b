import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/db/migrate.ts';

// Found by the crash-consistency proof: a process killed in the middle of a transaction on SQLite
// (the first start's migrations run in rollback-journal mode) leaves a hot journal; the next start
// must roll it back and go on, not refuse to open the file.

const dir = mkdtempSync(path.join(tmpdir(), 'aduan-hot-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('starting after a kill in the middle of an SQLite transaction', () => {
  it('rolls the hot journal back and finds the migrations applied', async () => {
    const file = path.join(dir, 'aduan.db');
    await migrateDatabase(`file:${file}`);
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.close();

    // Another process writes a large transaction and is killed before it commits.
    const writer = `
      const Database = require(${JSON.stringify(require_('better-sqlite3'))});
      const db = new Database(${JSON.stringify(file)});
      db.exec('BEGIN');
      const insert = db.prepare("INSERT INTO leases (name, holder, until, since) VALUES (?, 'mati:1', '2026-11-24T00:00:00.000+00:00', '2026-11-24T00:00:00.000+00:00')");
      for (let n = 0; n < 100000; n++) insert.run('lease-' + n + '-' + 'x'.repeat(80));
      process.kill(process.pid, 'SIGKILL');`;
    expect(spawnSync(process.execPath, ['-e', writer]).signal).toBe('SIGKILL');
    expect(existsSync(`${file}-journal`)).toBe(true); // the hot journal

    expect(await migrateDatabase(`file:${file}`)).toEqual({ applied: [] });
    const after = new Database(file, { readonly: true });
    expect(after.prepare('SELECT count(*) AS n FROM leases').get()).toEqual({ n: 0 }); // rolled back
    after.close();
  });
});

/** The path a package resolves to from here, for the child process. */
function require_(name: string): string {
  return path.dirname(path.dirname(import.meta.resolve(name).replace('file://', ''))) + '/lib/index.js';
}
