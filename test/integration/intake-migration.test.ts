import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { readMigrations, readSchema } from '../../src/db/migration-files.ts';
import { openStore } from '../../src/db/open-store.ts';
import { withSchemaEngine } from '../../src/db/schema-engine.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';

// An office upgrading: a database at the init schema, with complaints, tasks, events and an
// attachment in it, migrated to the intake schema. SQLite redefines the attachments and complaints
// tables to do it; nothing may be lost and the audit trail stays append-only.

let postgres: PostgresServer | undefined;
const dir = mkdtempSync(path.join(tmpdir(), 'aduan-upgrade-'));
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const SEED = [
  `INSERT INTO raw_blobs (sha256, bytes, size) VALUES ('${'a'.repeat(64)}', BYTES, 2)`,
  `INSERT INTO inbound_messages (id, sha256, size, source, source_key, received_at, status) VALUES ('m1', '${'a'.repeat(64)}', 2, 'pengaduan', 'k1', NOW, 'registered')`,
  `INSERT INTO complainants (id, name, created_at) VALUES ('p1', 'Budi', NOW)`,
  `INSERT INTO complaints (id, tracking_number, channel, type, subject, body, status, anonymous, confidential, sop_id, received_at, registered_at, complainant_id, source_message_id) VALUES ('c1', 'ADU-2026-000001', 'email', 'pengaduan', 'Jalan', 'Rusak', 'registered', FALSE, FALSE, 'balangan', NOW, NOW, 'p1', 'm1')`,
  `UPDATE inbound_messages SET complaint_id = 'c1' WHERE id = 'm1'`,
  `INSERT INTO tasks (id, complaint_id, step_id, role, status, created_at, due_at) VALUES ('t1', 'c1', 'registrasi', 'admin_aduan', 'open', NOW, NOW)`,
  `INSERT INTO events (complaint_id, at, actor, type, data) VALUES ('c1', NOW, 'system', 'complaint.registered', '{}')`,
  `INSERT INTO attachments (id, complaint_id, inbound_message_id, filename, content_type, size, sha256, created_at) VALUES ('a1', 'c1', 'm1', 'foto.jpg', 'image/jpeg', 2, '${'a'.repeat(64)}', NOW)`,
  `INSERT INTO outbox (id, dedupe_key, "to", subject, text, "references", headers, complaint_id, status, attempts, created_at, next_attempt_at) VALUES ('o1', 'acknowledgement:c1', 'budi@gmail.com', 'Tanda terima', 'Teks', '[]', '{}', 'c1', 'sent', 1, NOW, NOW)`,
];

describe.each(['sqlite', 'postgresql'] as const)('upgrading %s from the init schema', (dialect) => {
  it('keeps every row and the append-only audit trail', async () => {
    const url =
      dialect === 'sqlite' ? `file:${path.join(dir, 'aduan.db')}` : await postgres!.createDatabase();
    const target = parseDatabaseUrl(url);
    const all = await readMigrations(dialect);
    const init = {
      ...all,
      migrationDirectories: all.migrationDirectories.filter((m) => m.path.endsWith('_init')),
    };
    await withSchemaEngine(target, await readSchema(dialect), (engine) =>
      engine.applyMigrations({ migrationsList: init, filters: { externalTables: [], externalEnums: [] } }),
    );
    const now = dialect === 'sqlite' ? String(Date.parse('2026-11-20T09:00:00Z')) : "'2026-11-20T09:00:00Z'";
    const bytes = dialect === 'sqlite' ? "X'6869'" : "'\\x6869'::bytea";
    await run(
      url,
      SEED.map((sql) => sql.replaceAll('NOW', now).replace('BYTES', bytes)),
    );

    expect((await migrateDatabase(url)).applied).toEqual([
      expect.stringMatching(/_intake$/),
      expect.stringMatching(/_acting_by_email$/),
      expect.stringMatching(/_outbox_attachments$/),
      expect.stringMatching(/_documents$/),
      expect.stringMatching(/_scheduler$/),
      expect.stringMatching(/_reports$/),
      expect.stringMatching(/_task_step_due_index$/),
      expect.stringMatching(/_leases$/),
      expect.stringMatching(/_outbox_claims$/),
    ]);

    const store = await openStore(url);
    try {
      expect(await store.repos.complaints.findByTrackingNumber('ADU-2026-000001')).toMatchObject({
        id: 'c1',
        needsTranscription: false,
        sourceMessageId: 'm1',
      });
      expect(await store.repos.attachments.listForComplaint('c1')).toEqual([
        expect.objectContaining({
          id: 'a1',
          kind: 'file',
          inline: false,
          sha256: 'a'.repeat(64),
          omittedReason: null,
        }),
      ]);
      expect(await store.repos.tasks.listOpen({ complaintId: 'c1', limit: 5 })).toHaveLength(1);
      expect((await store.repos.events.listForComplaint('c1')).map((e) => e.type)).toEqual([
        'complaint.registered',
      ]);
      expect(await store.repos.outbox.findById('o1')).toMatchObject({ messageId: null, bouncedAt: null });
      expect(await store.repos.inbound.findById('m1')).toMatchObject({
        complaintId: 'c1',
        fromAddress: null,
      });
    } finally {
      await store.close();
    }
    await expect(run(url, ["DELETE FROM events WHERE complaint_id = 'c1'"])).rejects.toThrow(/append-only/);
  });
});

async function run(url: string, statements: string[]): Promise<void> {
  if (url.startsWith('file:')) {
    const db = new Database(url.slice('file:'.length));
    db.pragma('foreign_keys = ON');
    try {
      for (const sql of statements) db.prepare(sql).run();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}
