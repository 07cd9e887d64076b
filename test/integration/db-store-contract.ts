/**
 * The storage contract, run against a real SQLite file (db-sqlite.test.ts) and a real PostgreSQL
 * server (db-postgres.test.ts): migrations, the repositories as domain types, and the guarantees
 * the use-cases lean on (append-only events, gap-free numbers, idempotent receipt and outbox).
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/db/database-url.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { migrateDatabase, migrationStatus } from '../../src/db/migrate.ts';
import { unmigratedSchemaChanges } from '../../src/db/migration-diff.ts';
import { migrationsDir, schemaFile } from '../../src/db/migration-files.ts';
import { openStore } from '../../src/db/open-store.ts';
import type { NewComplaint, Store } from '../../src/use-cases/ports/store.ts';
import { reportTrail } from '../../src/domain/reports/complaint-history.ts';
import { BASE_SCHEMA, renderSchema } from '../../scripts/prisma-schemas.mjs';

export interface ContractHarness {
  dialect: Dialect;
  /** A URL for a database that does not exist yet or is empty. */
  newDatabaseUrl(): Promise<string>;
  /** Runs one SQL statement with the plain driver, bypassing Prisma and the repositories. */
  rawQuery(url: string, sql: string): Promise<Record<string, unknown>[]>;
}

const T0 = new Date('2026-03-02T01:02:03.456Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export function newComplaint(overrides: Partial<NewComplaint> = {}): NewComplaint {
  return {
    trackingNumber: `ADU-2026-${crypto.randomUUID().slice(0, 6)}`,
    channel: 'email',
    type: 'pengaduan',
    category: 'jalan',
    subject: 'Jalan berlubang di Jl. Ahmad Yani',
    body: 'Sudah dua minggu jalan berlubang dan membahayakan pengendara.',
    anonymous: false,
    confidential: true,
    sopId: 'balangan',
    currentStepId: 'periksa-identitas',
    receivedAt: T0,
    registeredAt: at(1),
    identity: { name: 'Siti Aminah', email: 'siti@example.id', nik: '6308014501900001' },
    sourceMessageId: 'inbound-1',
    ...overrides,
  };
}

export function storeContract(harness: ContractHarness): void {
  const expectedMigrations = readdirSync(migrationsDir(harness.dialect), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  describe(`migrations (${harness.dialect})`, () => {
    it('apply from empty, are recorded in _prisma_migrations, a second run applies nothing', async () => {
      const url = await harness.newDatabaseUrl();
      expect(await migrationStatus(url)).toMatchObject({ pending: expectedMigrations, applied: [] });

      expect(await migrateDatabase(url)).toEqual({ applied: expectedMigrations });
      expect(await migrateDatabase(url)).toEqual({ applied: [] });

      expect(await migrationStatus(url)).toEqual({
        pending: [],
        applied: expectedMigrations,
        edited: [],
        failed: [],
      });
      const rows = await harness.rawQuery(
        url,
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
      );
      expect(rows.map((row) => row['migration_name'])).toEqual(expectedMigrations);

      // …and produce exactly the schema, itself generated from prisma/schema.base.prisma. When this
      // fails: npm run db:generate, then node scripts/new-migration.ts <name>.
      const base = await readFile(BASE_SCHEMA, 'utf8');
      expect(await readFile(schemaFile(harness.dialect), 'utf8')).toBe(renderSchema(harness.dialect, base));
      expect(await unmigratedSchemaChanges(harness.dialect, parseDatabaseUrl(url))).toBe('');
    });
  });

  describe(`store (${harness.dialect})`, () => {
    let url: string;
    let store: Store;
    beforeAll(async () => {
      url = await harness.newDatabaseUrl();
      await migrateDatabase(url);
      store = await openStore(url);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('creates a complaint with its identity apart and reads it back as domain types', async () => {
      const input = newComplaint({ identity: { name: 'Siti Aminah', phone: '0812-5555-0101' } });
      const created = await store.transaction((repos) => repos.complaints.create(input));

      const expected = {
        id: created.id,
        trackingNumber: input.trackingNumber,
        channel: 'email',
        type: 'pengaduan',
        category: 'jalan',
        subject: input.subject,
        body: input.body,
        status: 'registered',
        anonymous: false,
        confidential: true,
        sopId: 'balangan',
        currentStepId: 'periksa-identitas',
        receivedAt: T0,
        registeredAt: at(1),
        complainantId: created.complainantId,
        sourceMessageId: 'inbound-1',
        needsTranscription: false,
        opdUnitCode: null,
        agendaNumber: null,
      };
      expect(created).toEqual(expected);
      expect(await store.repos.complaints.findById(created.id)).toEqual(expected);
      expect(await store.repos.complaints.findByTrackingNumber(input.trackingNumber)).toEqual(expected);
      expect(await store.repos.complaints.findByTrackingNumber('ADU-0000-000000')).toBeNull();
      // Only what is known, so missingIdentityFields() sees the gaps.
      expect(await store.repos.complaints.identityOf(created.id)).toEqual({
        name: 'Siti Aminah',
        phone: '0812-5555-0101',
      });
      const [complainant] = await harness.rawQuery(
        url,
        `SELECT name, nik FROM complainants WHERE id = '${created.complainantId}'`,
      );
      expect(complainant).toEqual({ name: 'Siti Aminah', nik: null });

      await store.repos.complaints.updateProgress(created.id, {
        status: 'in_progress',
        currentStepId: 'disposisi-kabid',
      });
      const progressed = await store.repos.complaints.findById(created.id);
      expect(progressed).toMatchObject({
        status: 'in_progress',
        currentStepId: 'disposisi-kabid',
        category: 'jalan',
      });
      const listed = await store.repos.complaints.list({ status: 'in_progress', limit: 10 });
      expect(listed.map((c) => c.id)).toContain(created.id);
      expect(await store.repos.complaints.list({ status: 'closed', limit: 10 })).toEqual([]);
    });

    it('keeps tasks and the audit trail of a complaint, in order', async () => {
      const complaint = await store.transaction((repos) => repos.complaints.create(newComplaint()));
      const [later, sooner] = await store.transaction(async (repos) => [
        await repos.tasks.create({
          complaintId: complaint.id,
          stepId: 's2',
          role: 'kabid_ikp',
          createdAt: at(1),
          dueAt: at(120),
        }),
        await repos.tasks.create({
          complaintId: complaint.id,
          stepId: 's1',
          role: 'admin',
          createdAt: at(1),
          dueAt: at(60),
        }),
      ]);
      expect(sooner).toEqual({
        id: sooner!.id,
        complaintId: complaint.id,
        stepId: 's1',
        role: 'admin',
        status: 'open',
        createdAt: at(1),
        dueAt: at(60),
        completedAt: null,
        action: null,
      });
      const open = await store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 10 });
      expect(open.map((t) => t.stepId)).toEqual(['s1', 's2']);
      expect(
        (await store.repos.tasks.listOpen({ complaintId: complaint.id, dueBefore: at(61), limit: 10 })).map(
          (t) => t.id,
        ),
      ).toEqual([sooner!.id]);
      expect(await store.repos.tasks.complete(sooner!.id, at(30))).toBe(true);
      // The first completion stands, and the second caller learns it came second.
      expect(await store.repos.tasks.complete(sooner!.id, at(45))).toBe(false);
      expect(
        (await store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 10 })).map((t) => t.id),
      ).toEqual([later!.id]);
      const [done] = await harness.rawQuery(url, `SELECT status FROM tasks WHERE id = '${sooner!.id}'`);
      expect(done).toEqual({ status: 'done' });
      await expect(store.repos.tasks.complete('no-such-task', at(1))).rejects.toThrow(/No task/);

      // Same timestamp on purpose: the order of insertion still holds.
      for (const type of ['complaint.registered', 'task.opened', 'mail.queued']) {
        await store.repos.events.append({
          complaintId: complaint.id,
          at: at(1),
          actor: 'system',
          type,
          data: { step: 1, nested: { ok: true } },
        });
      }
      const events = await store.repos.events.listForComplaint(complaint.id);
      expect(events.map((e) => e.type)).toEqual(['complaint.registered', 'task.opened', 'mail.queued']);
      expect(events[0]).toEqual({
        id: events[0]!.id,
        complaintId: complaint.id,
        at: at(1),
        actor: 'system',
        type: 'complaint.registered',
        data: { step: 1, nested: { ok: true } },
      });
      expect(typeof events[0]!.id).toBe('string');
    });

    it('gives a report each complaint’s trail, flat, the same on both databases', async () => {
      const complaint = await store.transaction((repos) =>
        repos.complaints.create(newComplaint({ confidential: false, registeredAt: at(1) })),
      );
      const lines: [Date, string, Record<string, unknown>][] = [
        [at(1), 'complaint.registered', { channel: 'email' }],
        [
          at(1),
          'task.opened',
          { taskId: 't1', stepId: 'registrasi', role: 'admin_aduan', dueAt: at(61).toISOString() },
        ],
        [at(2), 'task.completed', { taskId: 't1' }], // no action recorded
        [at(2), 'complaint.unit_assigned', { unitCode: 'Dinas "PU" \\ Bina Marga' }],
        [at(3), 'task.extended', { taskId: 't1', dueAt: '2026-03-09T01:02:03.456Z' }],
        [at(4), 'complaint.closed', { outcome: 'dijawab' }],
        [at(500), 'complaint.auto_closed', {}], // after the cut-off
      ];
      for (const [when, type, data] of lines)
        await store.repos.events.append({ complaintId: complaint.id, at: when, actor: 'system', type, data });

      const batch = await store.repos.reports.historiesBetween(at(0), at(100), {
        after: null,
        limit: 1000,
      });
      const read = [...batch.trails].find((item) => item.complaint.id === complaint.id);
      expect(read?.complaint).toMatchObject({
        trackingNumber: complaint.trackingNumber,
        complainantName: 'Siti Aminah',
      });
      expect(read?.trail).toEqual(
        reportTrail(
          lines.filter(([when]) => when < at(100)).map(([when, type, data]) => [when.getTime(), type, data]),
        ),
      );
      expect(read?.trail).toEqual([
        at(1).getTime(),
        0,
        't1',
        'registrasi',
        'admin_aduan',
        at(61).getTime(),
        at(2).getTime(),
        1,
        't1',
        null,
        at(2).getTime(),
        3,
        'Dinas "PU" \\ Bina Marga',
        at(3).getTime(),
        2,
        't1',
        Date.parse('2026-03-09T01:02:03.456Z'),
        at(4).getTime(),
        4,
        'dijawab',
      ]);
    });

    it('refuses UPDATE and DELETE on the events table, at the database', async () => {
      const event = await store.repos.events.append({
        complaintId: null,
        at: T0,
        actor: 'system',
        type: 'immutability.probe',
        data: {},
      });
      await expect(
        harness.rawQuery(url, `UPDATE events SET actor = 'mallory' WHERE id = ${event.id}`),
      ).rejects.toThrow(/append-only/);
      await expect(harness.rawQuery(url, `DELETE FROM events WHERE id = ${event.id}`)).rejects.toThrow(
        /append-only/,
      );
      await expect(harness.rawQuery(url, 'DELETE FROM events')).rejects.toThrow(/append-only/);
      if (harness.dialect === 'postgresql') {
        await expect(harness.rawQuery(url, 'TRUNCATE events')).rejects.toThrow(/append-only: TRUNCATE/);
      }
      const rows = await harness.rawQuery(url, `SELECT actor FROM events WHERE id = ${event.id}`);
      expect(rows).toEqual([{ actor: 'system' }]);
    });

    it('hands out 1..50 to 50 concurrent transactions, without gap or repeat', async () => {
      let inFlight = 0;
      let mostInFlight = 0;
      const numbers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.transaction(async (repos) => {
            mostInFlight = Math.max(mostInFlight, ++inFlight);
            const n = await repos.sequences.next('tracking:concurrent');
            // Keep the transaction (and the row lock) open across more work, as registration does.
            await repos.events.append({
              complaintId: null,
              at: T0,
              actor: 'system',
              type: 'sequence.taken',
              data: { n, i },
            });
            inFlight--;
            return n;
          }),
        ),
      );
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await store.repos.sequences.peek('tracking:concurrent')).toBe(50);
      const taken = await harness.rawQuery(
        url,
        "SELECT COUNT(*) AS n FROM events WHERE type = 'sequence.taken'",
      );
      expect(Number(taken[0]!['n'])).toBe(50);
      // PostgreSQL really overlaps them (one pooled connection each, queued on the row lock);
      // SQLite has one writer, and the adapter runs its transactions one after another.
      if (harness.dialect === 'postgresql') expect(mostInFlight).toBeGreaterThan(1);
      else expect(mostInFlight).toBe(1);
    });

    it('gives a rolled-back number back', async () => {
      expect(await store.repos.sequences.peek('surat:rollback')).toBe(0);
      expect(await store.transaction((repos) => repos.sequences.next('surat:rollback'))).toBe(1);
      await expect(
        store.transaction(async (repos) => {
          expect(await repos.sequences.next('surat:rollback')).toBe(2);
          throw new Error('document rendering failed');
        }),
      ).rejects.toThrow('document rendering failed');
      expect(await store.repos.sequences.peek('surat:rollback')).toBe(1);
      expect(await store.transaction((repos) => repos.sequences.next('surat:rollback'))).toBe(2);
    });

    it('does not lose a write made outside a transaction while another transaction rolls back', async () => {
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const failing = store.transaction(async (repos) => {
        await repos.sequences.next('isolation:probe');
        started();
        await gate;
        throw new Error('rolled back');
      });
      await running;
      const outside = store.repos.outbox.enqueue(mail('isolation-probe'), T0);
      release();
      await expect(failing).rejects.toThrow('rolled back');
      await outside;
      expect(
        (await harness.rawQuery(url, "SELECT dedupe_key FROM outbox WHERE dedupe_key = 'isolation-probe'"))
          .length,
      ).toBe(1);
      expect(await store.repos.sequences.peek('isolation:probe')).toBe(0);
    });

    it('stores raw bytes once and each (source, sourceKey) once', async () => {
      const raw = new TextEncoder().encode(
        'Message-ID: <a1@example.id>\r\nSubject: Lampu jalan mati\r\n\r\nSudah seminggu.\r\n',
      );
      const sha256 = createHash('sha256').update(raw).digest('hex');
      const receipt = {
        raw,
        sha256,
        source: 'pengaduan',
        sourceKey: '1700000000:7',
        messageIdHeader: '<a1@example.id>',
        receivedAt: T0,
      };

      const first = await store.transaction((repos) => repos.inbound.receive(receipt));
      expect(first.alreadyReceived).toBe(false);
      expect(first.record).toEqual({
        id: first.record.id,
        sha256,
        size: raw.byteLength,
        source: 'pengaduan',
        sourceKey: '1700000000:7',
        messageIdHeader: '<a1@example.id>',
        receivedAt: T0,
        status: 'received',
        reason: null,
        complaintId: null,
        fromAddress: null,
      });

      const again = await store.transaction((repos) =>
        repos.inbound.receive({ ...receipt, receivedAt: at(5) }),
      );
      expect(again).toEqual({ record: first.record, alreadyReceived: true });

      // The same bytes from another mailbox: a new receipt, the same blob.
      const copy = await store.transaction((repos) =>
        repos.inbound.receive({ ...receipt, source: 'faks', sourceKey: 'cur/123:2,', receivedAt: at(1) }),
      );
      expect(copy.alreadyReceived).toBe(false);
      expect(copy.record.id).not.toBe(first.record.id);
      expect(await harness.rawQuery(url, `SELECT size FROM raw_blobs WHERE sha256 = '${sha256}'`)).toEqual([
        { size: raw.byteLength },
      ]);
      expect(await store.repos.inbound.readRaw(sha256)).toEqual(raw);
      expect(await store.repos.inbound.readRaw('0'.repeat(64))).toBeNull();
      expect(await store.repos.inbound.findById(copy.record.id)).toEqual(copy.record);

      // Earlier copies: by Message-ID first, then by bytes; never itself, never a later one.
      expect((await store.repos.inbound.findEarlierCopy(copy.record))?.id).toBe(first.record.id);
      expect(await store.repos.inbound.findEarlierCopy(first.record)).toBeNull();
      const resent = new TextEncoder().encode(
        'Message-ID: <a1@example.id>\r\nSubject: Fwd: Lampu jalan mati\r\n\r\n...\r\n',
      );
      const third = await store.transaction((repos) =>
        repos.inbound.receive({
          ...receipt,
          raw: resent,
          sha256: createHash('sha256').update(resent).digest('hex'),
          sourceKey: '1700000000:8',
        }),
      );
      expect((await store.repos.inbound.findEarlierCopy(third.record))?.id).toBe(first.record.id);

      const decision = { status: 'duplicate', reason: `same content as ${first.record.id}` } as const;
      expect(await store.repos.inbound.decide(copy.record.id, decision)).toBe(true);
      // A second decision on the same message changes nothing: decisions happen once.
      expect(
        await store.repos.inbound.decide(copy.record.id, { status: 'quarantined', reason: 'late' }),
      ).toBe(false);
      expect(await store.repos.inbound.findById(copy.record.id)).toMatchObject({
        status: 'duplicate',
        reason: `same content as ${first.record.id}`,
        complaintId: null,
      });
      const received = await store.repos.inbound.listByStatus('received', 10);
      expect(received.map((r) => r.id)).toEqual([first.record.id, third.record.id]);

      await expect(
        store.transaction((repos) =>
          repos.inbound.receive({ ...receipt, sourceKey: 'x', sha256: 'f'.repeat(64) }),
        ),
      ).rejects.toThrow(/does not match/);
    });

    it('queues a mail once per dedupe key and tracks its delivery', async () => {
      const queued = await store.transaction((repos) =>
        repos.outbox.enqueue(
          mail('ack:ADU-1', {
            references: ['<a1@example.id>'],
            headers: { 'Auto-Submitted': 'auto-replied' },
            attachments: [{ filename: 'foto.jpg', contentType: 'image/jpeg', sha256: 'ab'.repeat(32) }],
          }),
          T0,
        ),
      );
      expect(queued).toEqual({
        id: queued.id,
        dedupeKey: 'ack:ADU-1',
        to: 'siti@example.id',
        subject: 'Pengaduan Anda diterima',
        text: 'Nomor pengaduan: ADU-1',
        html: null,
        inReplyTo: '<a1@example.id>',
        references: ['<a1@example.id>'],
        headers: { 'Auto-Submitted': 'auto-replied' },
        attachments: [{ filename: 'foto.jpg', contentType: 'image/jpeg', sha256: 'ab'.repeat(32) }],
        complaintId: null,
        status: 'pending',
        attempts: 0,
        createdAt: T0,
        nextAttemptAt: T0,
        sentAt: null,
        lastError: null,
        messageId: null,
        bouncedAt: null,
        bounceReason: null,
      });
      const retried = await store.transaction((repos) =>
        repos.outbox.enqueue(mail('ack:ADU-1', { subject: 'changed' }), at(10)),
      );
      expect(retried).toEqual(queued);
      expect(
        await harness.rawQuery(url, "SELECT id FROM outbox WHERE dedupe_key = 'ack:ADU-1'"),
      ).toHaveLength(1);

      const due = (now: Date) => store.repos.outbox.listDue(now, 100).then((mails) => mails.map((m) => m.id));
      expect(await due(T0)).toContain(queued.id);
      await store.repos.outbox.markFailed(queued.id, '421 try again later', at(2));
      expect(await due(at(1))).not.toContain(queued.id);
      expect(await due(at(2))).toContain(queued.id);
      await store.repos.outbox.markSent(queued.id, at(3));
      const sent = await store.repos.outbox.enqueue(mail('ack:ADU-1'), at(4));
      expect(sent).toMatchObject({ status: 'sent', attempts: 2, sentAt: at(3), lastError: null });

      const bounced = await store.repos.outbox.enqueue(mail('ack:ADU-2'), T0);
      await store.repos.outbox.markFailed(bounced.id, '550 no such user', null);
      expect(await store.repos.outbox.enqueue(mail('ack:ADU-2'), T0)).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: '550 no such user',
      });
      const counts = await store.repos.outbox.countByStatus();
      expect(counts.sent).toBeGreaterThanOrEqual(1);
      expect(counts.failed).toBeGreaterThanOrEqual(1);
      expect(Object.keys(counts).sort()).toEqual(['failed', 'pending', 'sent']);
    });

    it('lets senders claim due mails one each: never the same mail twice within its lease', async () => {
      const keys = Array.from({ length: 12 }, (_, n) => `claim:${n}`);
      await store.transaction((repos) =>
        repos.outbox.enqueueMany(
          keys.map((key) => mail(key)),
          at(20),
        ),
      );
      const leaseUntil = at(31);
      // Four senders at once (each call its own transaction): twelve claims, twelve different mails.
      const claims = await Promise.all(
        Array.from({ length: 4 }, async (_, sender) => {
          const taken: string[] = [];
          for (;;) {
            const claimed = await store.repos.outbox.claimNext(at(21), leaseUntil, `host:${sender + 1}`);
            if (!claimed) return taken;
            taken.push(claimed.dedupeKey); // earlier tests' pending mails are claimed too
          }
        }),
      );
      const taken = claims.flat();
      expect(new Set(taken).size).toBe(taken.length);
      expect(taken.filter((key) => key.startsWith('claim:')).sort()).toEqual([...keys].sort());
      // Claimed: due for nobody until the lease ends; then a sender that died is replaced.
      expect(await store.repos.outbox.claimNext(at(30), at(40), 'host:5')).toBeNull();
      const orphan = await store.repos.outbox.claimNext(at(31), at(41), 'host:5');
      expect(taken).toContain(orphan?.dedupeKey);
      expect(orphan?.nextAttemptAt).toEqual(at(41));
      // Or at once, when the claimer is known gone (killed on this host): only its claims.
      const killed: string[] = [];
      for (let mail; (mail = await store.repos.outbox.claimNext(at(50), at(60), 'host:9'));)
        killed.push(mail.dedupeKey);
      expect(killed.length).toBeGreaterThan(0);
      expect(await store.repos.outbox.releaseClaims(at(51), (claimer) => claimer === 'host:9')).toBe(
        killed.length,
      );
      const again = await store.repos.outbox.claimNext(at(51), at(61), 'host:10');
      expect(killed).toContain(again?.dedupeKey);
      expect(await store.repos.outbox.releaseClaims(at(32), () => false)).toBe(0);
      await store.repos.outbox.markSent(orphan!.id, at(32), '<orphan@example.id>');
      expect((await store.repos.outbox.findById(orphan!.id))?.status).toBe('sent');
    });

    it('leases work to one holder at a time: renewed, lapsed, taken from a gone process, released', async () => {
      const leases = store.repos.leases;
      const alive = () => false;
      const until = (minutes: number) => at(minutes + 2);
      expect(await leases.acquire('mailbox:pengaduan', 'a:1', at(0), until(0), alive)).toBe(true);
      expect(await leases.acquire('mailbox:pengaduan', 'b:2', at(1), until(1), alive)).toBe(false);
      expect(await leases.acquire('mailbox:pengaduan', 'a:1', at(1), until(1), alive)).toBe(true); // renewed
      expect(await leases.acquire('mailbox:pengaduan', 'b:2', at(2), until(2), alive)).toBe(false); // until(1) is at(3)
      expect(await leases.acquire('mailbox:pengaduan', 'b:2', at(3), until(3), (h) => h === 'a:1')).toBe(
        true,
      );
      expect(await leases.acquire('mailbox:pengaduan', 'a:1', at(3), until(3), alive)).toBe(false);
      expect(await leases.list()).toContainEqual({
        name: 'mailbox:pengaduan',
        holder: 'b:2',
        until: until(3),
        since: at(3),
      });

      // A lapsed lease, five instances after it at once: one gets it.
      const wins = await Promise.all(
        ['c:3', 'd:4', 'e:5', 'f:6', 'g:7'].map((holder) =>
          leases.acquire('mailbox:pengaduan', holder, at(10), until(10), alive),
        ),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);

      const winner = ['c:3', 'd:4', 'e:5', 'f:6', 'g:7'][wins.indexOf(true)]!;
      await leases.release('mailbox:pengaduan', 'b:2'); // not b's any more: nothing happens
      expect(await leases.acquire('mailbox:pengaduan', 'h:8', at(11), until(11), alive)).toBe(false);
      await leases.release('mailbox:pengaduan', winner);
      expect(await leases.acquire('mailbox:pengaduan', 'h:8', at(11), until(11), alive)).toBe(true);
    });

    it('completes the complainant identity from a follow-up without overwriting, and flags faxes for transcription', async () => {
      const created = await store.transaction((repos) =>
        repos.complaints.create(
          newComplaint({
            identity: { name: 'Rina Wulandari', email: 'rina@outlook.com' },
            needsTranscription: true,
          }),
        ),
      );
      expect(created.needsTranscription).toBe(true);
      const completed = await store.transaction((repos) =>
        repos.complaints.completeIdentity(created.id, {
          name: 'Mallory',
          nik: '6311034506880000',
          phone: '+6285248112093',
        }),
      );
      expect(completed).toEqual({
        identity: {
          name: 'Rina Wulandari',
          email: 'rina@outlook.com',
          nik: '6311034506880000',
          phone: '+6285248112093',
        },
        added: ['nik', 'phone'],
      });
      expect(await store.repos.complaints.identityOf(created.id)).toEqual(completed.identity);
      expect(await store.repos.complaints.completeIdentity(created.id, { name: 'Eve' })).toMatchObject({
        added: [],
      });
      await expect(store.repos.complaints.completeIdentity('no-such-complaint', {})).rejects.toThrow(
        /No complaint/,
      );
    });

    it('records the decision with its new outcomes and the sender', async () => {
      const raw = new TextEncoder().encode('Message-ID: <c1@example.id>\r\n\r\nSETUJU\r\n');
      const { record } = await store.transaction((repos) =>
        repos.inbound.receive({
          raw,
          sha256: createHash('sha256').update(raw).digest('hex'),
          source: 'pengaduan',
          sourceKey: 'decide-probe',
          messageIdHeader: '<c1@example.id>',
          receivedAt: T0,
        }),
      );
      expect(
        await store.repos.inbound.decide(record.id, {
          status: 'command',
          reason: 'reply to task mail',
          fromAddress: 'kabid.ikp@contoh.go.id',
        }),
      ).toBe(true);
      expect(await store.repos.inbound.findById(record.id)).toMatchObject({
        status: 'command',
        fromAddress: 'kabid.ikp@contoh.go.id',
      });
      expect(await store.repos.inbound.decide(record.id, { status: 'bounce' })).toBe(false);
    });

    it('stores attachments content-addressed, kept-out parts without bytes, and fax archives with their OCR text', async () => {
      const complaint = await store.transaction((repos) => repos.complaints.create(newComplaint()));
      const raw = new TextEncoder().encode('Message-ID: <att@example.id>\r\n\r\nfoto\r\n');
      const { record } = await store.transaction((repos) =>
        repos.inbound.receive({
          raw,
          sha256: createHash('sha256').update(raw).digest('hex'),
          source: 'pengaduan',
          sourceKey: 'attachments-probe',
          messageIdHeader: '<att@example.id>',
          receivedAt: T0,
        }),
      );
      const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
      const sha256 = createHash('sha256').update(photo).digest('hex');
      const base = {
        inboundMessageId: record.id,
        complaintId: complaint.id,
        kind: 'file' as const,
        contentType: 'image/jpeg',
        inline: false,
        omittedReason: null,
        createdAt: at(1),
      };
      const [first, copy, omitted, archive] = await store.transaction(async (repos) => [
        await repos.attachments.add({ ...base, filename: 'foto.jpg', size: 8, content: photo }),
        await repos.attachments.add({
          ...base,
          filename: 'foto-lagi.jpg',
          size: 8,
          content: photo,
          inline: true,
        }),
        await repos.attachments.add({
          ...base,
          filename: 'video.mp4',
          contentType: 'video/mp4',
          size: 40_000_000,
          content: null,
          omittedReason: 'larger than the limit',
        }),
        await repos.attachments.add({
          ...base,
          kind: 'fax_archive',
          filename: 'faks.pdf',
          contentType: 'application/pdf',
          size: 3,
          content: new Uint8Array([37, 80, 68]),
          ocrText: 'Perihal : Air PDAM tidak mengalir',
          ocrConfidence: 93.25,
        }),
      ]);
      expect(first).toEqual({
        id: first!.id,
        inboundMessageId: record.id,
        complaintId: complaint.id,
        kind: 'file',
        filename: 'foto.jpg',
        contentType: 'image/jpeg',
        size: 8,
        inline: false,
        sha256,
        omittedReason: null,
        ocrText: null,
        ocrConfidence: null,
        createdAt: at(1),
      });
      expect(copy).toMatchObject({ sha256, inline: true });
      expect(omitted).toMatchObject({
        sha256: null,
        omittedReason: 'larger than the limit',
        size: 40_000_000,
      });
      expect(archive).toMatchObject({
        kind: 'fax_archive',
        ocrText: 'Perihal : Air PDAM tidak mengalir',
        ocrConfidence: 93.25,
      });
      // The same bytes are stored once.
      expect(await harness.rawQuery(url, `SELECT size FROM raw_blobs WHERE sha256 = '${sha256}'`)).toEqual([
        { size: 8 },
      ]);
      expect(await store.repos.attachments.readContent(copy!.id)).toEqual(photo);
      expect(await store.repos.attachments.readContent(omitted!.id)).toBeNull();
      const listed = await store.repos.attachments.listForComplaint(complaint.id);
      expect(listed.map((a) => a.filename)).toEqual(['foto.jpg', 'foto-lagi.jpg', 'video.mp4', 'faks.pdf']);
      expect(await store.repos.attachments.listForMessage(record.id)).toEqual(listed);
    });

    it('finds a sent mail by its Message-ID, counts mails to an address, and marks a bounce once', async () => {
      const sent = await store.repos.outbox.enqueue(mail('ack:bounce-1', { to: 'budi@gmial.com' }), at(0));
      await store.repos.outbox.enqueue(mail('ack:bounce-2', { to: 'budi@gmial.com' }), at(30));
      await store.repos.outbox.enqueue(mail('ack:bounce-3', { to: 'someone@else.id' }), at(30));
      expect(await store.repos.outbox.countQueuedTo('budi@gmial.com', at(0))).toBe(2);
      expect(await store.repos.outbox.countQueuedTo('budi@gmial.com', at(1))).toBe(1);
      expect(await store.repos.outbox.findByMessageId(`<${sent.id}@contoh.go.id>`)).toBeNull();

      await store.repos.outbox.markSent(sent.id, at(2), `<${sent.id}@contoh.go.id>`);
      const found = await store.repos.outbox.findByMessageId(`<${sent.id}@contoh.go.id>`);
      expect(found).toMatchObject({ id: sent.id, status: 'sent', messageId: `<${sent.id}@contoh.go.id>` });
      expect(await store.repos.outbox.findById(sent.id)).toEqual(found);
      expect(await store.repos.outbox.findById('no-such-mail')).toBeNull();

      expect(await store.repos.outbox.markBounced(sent.id, { at: at(3), reason: '5.1.1 User unknown' })).toBe(
        true,
      );
      expect(await store.repos.outbox.markBounced(sent.id, { at: at(4), reason: 'later' })).toBe(false);
      expect(await store.repos.outbox.findById(sent.id)).toMatchObject({
        status: 'sent',
        bouncedAt: at(3),
        bounceReason: '5.1.1 User unknown',
      });
    });

    it('remembers undeliverable addresses, counting repeated bounces', async () => {
      expect(await store.repos.undeliverable.find('budi@gmial.com')).toBeNull();
      await store.repos.undeliverable.mark('Budi@Gmial.com', {
        at: at(1),
        reason: '5.1.1 User unknown',
        outboxId: 'o1',
      });
      const again = await store.repos.undeliverable.mark('budi@gmial.com', {
        at: at(9),
        reason: '5.1.1 still unknown',
        outboxId: 'o2',
      });
      expect(again).toEqual({
        address: 'budi@gmial.com',
        reason: '5.1.1 still unknown',
        firstBouncedAt: at(1),
        lastBouncedAt: at(9),
        bounces: 2,
        lastOutboxId: 'o2',
      });
      expect(await store.repos.undeliverable.find('BUDI@gmial.com')).toEqual(again);

      await store.repos.undeliverable.mark('ani@yahoo.co.id', {
        at: at(20),
        reason: '5.2.1',
        outboxId: null,
      });
      expect((await store.repos.undeliverable.list(10)).map((a) => a.address).slice(0, 2)).toEqual([
        'ani@yahoo.co.id',
        'budi@gmial.com',
      ]);
      expect(await store.repos.undeliverable.clear('Budi@Gmial.com')).toEqual(again);
      expect(await store.repos.undeliverable.clear('budi@gmial.com')).toBeNull();
      expect(await store.repos.undeliverable.find('budi@gmial.com')).toBeNull();
    });

    it('writes a batch in a few statements with the same results as one at a time', async () => {
      const raw = (n: number, id: string | null) =>
        new TextEncoder().encode(
          `${id ? `Message-ID: ${id}\r\n` : ''}Subject: Batch ${n}\r\n\r\nIsi ${n}.\r\n`,
        );
      const receipt = (n: number, id: string | null, sourceKey = `batch:${n}`) => {
        const bytes = raw(n, id);
        return {
          raw: bytes,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          source: 'pengaduan',
          sourceKey,
          messageIdHeader: id,
          receivedAt: at(n),
        };
      };
      // 250 receipts: more than one statement's rows. The same key twice in one batch is one
      // receipt; a key received before is reported as such.
      const before = await store.transaction((repos) => repos.inbound.receive(receipt(0, '<b0@example.id>')));
      const inputs = [
        receipt(0, '<b0@example.id>'),
        ...Array.from({ length: 248 }, (_, n) => receipt(n + 1, `<b${n + 1}@example.id>`)),
        receipt(1, '<b1@example.id>'),
      ];
      const received = await store.transaction((repos) => repos.inbound.receiveMany(inputs));
      expect(received.map((r) => r.alreadyReceived)).toEqual([true, ...Array(248).fill(false), true]);
      expect(received[0]!.record).toEqual(before.record);
      expect(received[249]!.record).toEqual(received[1]!.record);
      expect(await store.repos.inbound.findById(received[5]!.record.id)).toEqual(received[5]!.record);

      // Earlier copies for a batch: by Message-ID first, then by bytes; never a later message.
      const copies = await store.transaction((repos) =>
        repos.inbound.receiveMany([receipt(3, '<b3@example.id>', 'copy:3'), receipt(4, null, 'copy:4')]),
      );
      const earlier = await store.repos.inbound.findEarlierCopies([
        received[3]!.record,
        ...copies.map((c) => c.record),
      ]);
      expect(earlier.get(copies[0]!.record.id)?.id).toBe(received[3]!.record.id);
      expect(earlier.get(received[3]!.record.id)).toBeUndefined();
      expect(earlier.has(copies[1]!.record.id)).toBe(false); // other bytes: no Message-ID to match

      // Deciding a batch: only messages still 'received' are decided; fields left out keep their value.
      const ids = received.slice(1, 4).map((r) => r.record.id);
      await store.repos.inbound.decide(ids[1]!, { status: 'ignored', reason: 'auto-reply' });
      const decided = await store.transaction((repos) =>
        repos.inbound.decideMany([
          { id: ids[0]!, status: 'duplicate', reason: 'same content', fromAddress: 'siti@example.id' },
          { id: ids[1]!, status: 'duplicate', reason: 'again' },
          { id: ids[2]!, status: 'quarantined' },
        ]),
      );
      expect(decided.sort()).toEqual([ids[0], ids[2]].sort());
      expect(await store.repos.inbound.findById(ids[0]!)).toMatchObject({
        status: 'duplicate',
        reason: 'same content',
        fromAddress: 'siti@example.id',
      });
      expect(await store.repos.inbound.findById(ids[1]!)).toMatchObject({
        status: 'ignored',
        reason: 'auto-reply',
      });
      expect(await store.repos.inbound.findById(ids[2]!)).toMatchObject({
        status: 'quarantined',
        reason: null,
      });

      // Numbers for a batch are consecutive, and `next` continues after them.
      const first = await store.transaction((repos) => repos.sequences.take('batch:2026', 3));
      expect(first).toBe(1);
      expect(await store.transaction((repos) => repos.sequences.next('batch:2026'))).toBe(4);

      // Complaints, tasks and events for a batch read back as one at a time would have written them.
      const complaints = await store.transaction((repos) =>
        repos.complaints.createMany([
          newComplaint({ sourceMessageId: 'batch-1', anonymous: true, confidential: false }),
          newComplaint({ sourceMessageId: 'batch-2', identity: {}, needsTranscription: true }),
        ]),
      );
      for (const complaint of complaints) {
        expect(await store.repos.complaints.findById(complaint.id)).toEqual(complaint);
      }
      expect(await store.repos.complaints.identityOf(complaints[1]!.id)).toEqual({});
      const tasks = await store.transaction((repos) =>
        repos.tasks.createMany(
          complaints.map((c, n) => ({
            complaintId: c.id,
            stepId: 'registrasi',
            role: 'admin',
            createdAt: at(n),
            dueAt: at(60 + n),
          })),
        ),
      );
      expect(await store.repos.tasks.listOpen({ complaintId: complaints[1]!.id, limit: 5 })).toEqual([
        tasks[1],
      ]);
      await store.transaction((repos) =>
        repos.events.appendMany([
          { complaintId: complaints[0]!.id, at: at(1), actor: 'system', type: 'a', data: { n: 1 } },
          { complaintId: complaints[0]!.id, at: at(1), actor: 'system', type: 'b', data: { n: 2 } },
          {
            complaintId: complaints[0]!.id,
            at: at(1),
            actor: 'citizen',
            type: 'c',
            data: { teks: 'Terima kasih' },
          },
        ]),
      );
      expect(
        (await store.repos.events.listForComplaint(complaints[0]!.id)).map((e) => [e.type, e.data]),
      ).toEqual([
        ['a', { n: 1 }],
        ['b', { n: 2 }],
        ['c', { teks: 'Terima kasih' }],
      ]);

      // Outbox batch: a dedupe key queued already is left as it was; counts and lookups per address.
      await store.repos.outbox.enqueue(
        mail('batch:ack-1', { to: 'rina@example.id', subject: 'pertama' }),
        at(0),
      );
      await store.transaction((repos) =>
        repos.outbox.enqueueMany(
          [
            mail('batch:ack-1', { to: 'rina@example.id', subject: 'kedua' }),
            mail('batch:ack-2', { to: 'rina@example.id' }),
            mail('batch:ack-3', {
              to: 'joko@example.id',
              complaintId: complaints[0]!.id,
              headers: { 'X-Aduan-Kind': 'acknowledgement' },
            }),
          ],
          at(5),
        ),
      );
      const counts = await store.repos.outbox.countQueuedToEach(
        ['rina@example.id', 'joko@example.id', 'nobody@example.id'],
        at(0),
      );
      expect(Object.fromEntries(counts)).toEqual({ 'rina@example.id': 2, 'joko@example.id': 1 });
      const all = await store.repos.outbox.listDue(at(10), 100);
      const joko = all.find((m) => m.dedupeKey === 'batch:ack-3')!;
      expect(joko).toMatchObject({
        to: 'joko@example.id',
        headers: { 'X-Aduan-Kind': 'acknowledgement' },
        status: 'pending',
      });
      expect(all.find((m) => m.dedupeKey === 'batch:ack-1')!.subject).toBe('pertama');
      await store.repos.outbox.markSent(joko.id, at(6), '<relay-rewrote@mx.example.id>');
      const found = await store.repos.outbox.findByIdsOrMessageIds(
        [joko.id],
        ['<relay-rewrote@mx.example.id>', '<none@x>'],
      );
      expect(found.map((m) => m.id)).toEqual([joko.id]);
      expect(await store.repos.outbox.findByIdsOrMessageIds([], [])).toEqual([]);

      await store.repos.undeliverable.mark('joko@example.id', {
        at: at(7),
        reason: '5.1.1',
        outboxId: joko.id,
      });
      const dead = await store.repos.undeliverable.findMany(['JOKO@example.id', 'rina@example.id']);
      expect([...dead.keys()]).toEqual(['joko@example.id']);
    });

    it('keeps the directory: units, people, roles with their validity, holders before acting officials', async () => {
      const d = store.repos.directory;
      const kominfo = { code: 'diskominfo', name: 'Dinas Kominfo', kind: 'diskominfo' as const };
      const pupr = { code: 'pupr', name: 'Dinas PUPR', kind: 'opd' as const };
      expect(await d.saveUnit(kominfo, T0)).toBe('created');
      expect(await d.saveUnit(kominfo, T0)).toBe('unchanged');
      expect(await d.saveUnit({ ...pupr, name: 'Dinas PU' }, T0)).toBe('created');
      expect(await d.saveUnit(pupr, T0)).toBe('updated');
      expect(await d.units()).toEqual([kominfo, pupr]);

      const kadis = {
        email: 'Kadis@BalanganKab.go.id',
        name: 'Drs. Ahmad Fauzan',
        jabatan: 'Kepala Dinas',
        nip: null,
        pangkat: 'IV/c',
        unitCode: 'diskominfo',
      };
      const sekretaris = {
        email: 'sekretaris@balangankab.go.id',
        name: 'Noor Hidayah',
        jabatan: null,
        nip: null,
        pangkat: null,
        unitCode: 'diskominfo',
      };
      expect(await d.savePerson(kadis, T0)).toBe('created');
      expect(await d.savePerson(kadis, T0)).toBe('unchanged');
      expect(await d.savePerson({ ...kadis, jabatan: 'Kepala Dinas Kominfo' }, T0)).toBe('updated');
      expect(await d.savePerson(sekretaris, T0)).toBe('created');
      expect(await d.findPerson('KADIS@balangankab.go.id')).toMatchObject({
        email: 'kadis@balangankab.go.id',
        jabatan: 'Kepala Dinas Kominfo',
        unitCode: 'diskominfo',
      });

      const role = { roleKey: 'kadis', unitCode: 'diskominfo', validUntil: null };
      expect(await d.assignRole({ ...role, email: kadis.email, acting: null, validFrom: at(0) })).toBe(true);
      expect(await d.assignRole({ ...role, email: kadis.email, acting: null, validFrom: at(5) })).toBe(false);
      // The secretary acts (Plh) for one hour starting at minute 60.
      await d.assignRole({
        ...role,
        email: sekretaris.email,
        acting: 'Plh',
        validFrom: at(60),
        validUntil: at(120),
      });
      const names = async (when: Date) =>
        (await d.holdersOf('kadis', 'diskominfo', when)).map((h) => [h.person.name, h.acting]);
      expect(await names(at(30))).toEqual([['Drs. Ahmad Fauzan', null]]);
      expect(await names(at(90))).toEqual([
        ['Drs. Ahmad Fauzan', null],
        ['Noor Hidayah', 'Plh'],
      ]);
      expect(await names(at(120))).toEqual([['Drs. Ahmad Fauzan', null]]);
      expect(await d.holdersOf('kadis', 'pupr', at(90))).toEqual([]);

      expect(await d.endRoles('kadis@balangankab.go.id', at(200))).toBe(1);
      expect(await names(at(201))).toEqual([]);
      expect((await d.roles(at(100))).map((h) => h.person.email)).toEqual([
        'kadis@balangankab.go.id',
        'sekretaris@balangankab.go.id',
      ]);
      expect(await d.endRoles('nobody@balangankab.go.id', at(200))).toBe(0);
    });

    it('counts the desk for status and /metrics: tasks open and overdue, commands, outbox, complaints by step', async () => {
      const deskUrl = await harness.newDatabaseUrl();
      await migrateDatabase(deskUrl);
      const desk = await openStore(deskUrl);
      try {
        const none = await desk.repos.figures.inboundByStatus();
        expect(Object.keys(none).sort()).toEqual([
          'appended',
          'bounce',
          'command',
          'duplicate',
          'ignored',
          'quarantined',
          'received',
          'registered',
        ]);
        expect(Object.values(none).every((n) => n === 0)).toBe(true);

        const waiting = await desk.transaction((repos) => repos.complaints.create(newComplaint()));
        const closed = await desk.transaction((repos) => repos.complaints.create(newComplaint()));
        await desk.repos.complaints.updateProgress(waiting.id, {
          status: 'in_progress',
          currentStepId: 's2',
        });
        await desk.repos.complaints.updateProgress(closed.id, { status: 'closed', currentStepId: null });
        const task = (stepId: string, dueAt: Date) =>
          desk.repos.tasks.create({
            complaintId: waiting.id,
            stepId,
            role: 'admin',
            createdAt: at(1),
            dueAt,
          });
        const first = await task('s1', at(30));
        await desk.repos.tasks.complete(first.id, at(20));
        await task('s2', at(60));
        await task('s3', at(200));
        for (const type of [
          'command.accepted',
          'command.accepted',
          'security.command_refused',
          'task.opened',
        ])
          await desk.repos.events.append({
            complaintId: waiting.id,
            at: at(2),
            actor: 'system',
            type,
            data: {},
          });
        await desk.repos.outbox.enqueue({ ...mail('desk:1'), complaintId: waiting.id }, at(5));
        const second = await desk.repos.outbox.enqueue(
          { ...mail('desk:2'), complaintId: waiting.id },
          at(10),
        );
        await desk.repos.outbox.enqueue(mail('desk:3'), at(12));
        const sent = await desk.repos.outbox.findById(
          (await desk.repos.outbox.listForComplaint(waiting.id))[0]!.id,
        );
        await desk.repos.outbox.markSent(sent!.id, at(6));

        expect(await desk.repos.figures.tasks(at(100))).toEqual({ open: 2, overdue: 1 });
        expect(
          await desk.repos.figures.eventCounts([
            'command.accepted',
            'security.command_refused',
            'never.seen',
          ]),
        ).toEqual({ 'command.accepted': 2, 'security.command_refused': 1, 'never.seen': 0 });
        expect(await desk.repos.figures.outbox()).toEqual({ pending: 2, failed: 0, oldestPendingAt: at(10) });
        expect(await desk.repos.figures.openComplaintsByStep()).toEqual([
          { stepId: 's2', status: 'in_progress', count: 1 },
        ]);
        // One complaint's tasks and mails, in the order they came.
        expect(
          (await desk.repos.tasks.listForComplaint(waiting.id)).map((t) => [t.stepId, t.status]),
        ).toEqual([
          ['s1', 'done'],
          ['s2', 'open'],
          ['s3', 'open'],
        ]);
        expect((await desk.repos.outbox.listForComplaint(waiting.id)).map((m) => m.id)).toEqual([
          sent!.id,
          second.id,
        ]);
        await desk.ping();
      } finally {
        await desk.close();
      }
    });

    it('remembers an IMAP position per mailbox, UIDs beyond 2^31 included', async () => {
      expect(await store.repos.mailboxes.position('pengaduan')).toBeNull();
      await store.repos.mailboxes.savePosition('pengaduan', { uidValidity: 1700000000n, lastUid: 42n }, T0);
      await store.repos.mailboxes.savePosition(
        'pengaduan',
        { uidValidity: 1700000000n, lastUid: 4294967295n },
        T0,
      );
      await store.repos.mailboxes.savePosition('faks', { uidValidity: 7n, lastUid: 1n }, T0);
      expect(await store.repos.mailboxes.position('pengaduan')).toEqual({
        uidValidity: 1700000000n,
        lastUid: 4294967295n,
      });
      expect(await store.repos.mailboxes.position('faks')).toEqual({ uidValidity: 7n, lastUid: 1n });
    });
  });
}

function mail(dedupeKey: string, overrides: Record<string, unknown> = {}) {
  return {
    dedupeKey,
    to: 'siti@example.id',
    subject: 'Pengaduan Anda diterima',
    text: 'Nomor pengaduan: ADU-1',
    inReplyTo: '<a1@example.id>',
    ...overrides,
  };
}
