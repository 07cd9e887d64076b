import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outboxFolder } from '../../src/main.ts';
import { listMessages } from '../../src/mail/maildir/maildir.ts';
import { receiveRawMessage } from '../../src/use-cases/receive-raw-message.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The thin path: mail in a Maildir → stored raw → registered with a tracking
// number → first SOP task with its due time → acknowledgement in the outbox Maildir.

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/mail');
const sample = (name: string) => readFileSync(path.join(EXAMPLES, name));
/** Friday 20 November 2026, 17:05 WITA: after office hours, so the clock starts Monday 07:30. */
const FRIDAY_EVENING = new Date('2026-11-20T17:05:00+08:00');

let t: TestApp;
afterEach(async () => t?.dispose());

async function outboxMails(app: TestApp) {
  const files = await listMessages(outboxFolder(app.app), 'new');
  return Promise.all(files.map(async (file) => simpleParser(readFileSync(file))));
}

let postgres: PostgresServer | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => postgres?.stop());

/** The same service on either database: the embedded SQLite file, or a fresh PostgreSQL database. */
async function appOn(dialect: 'sqlite' | 'postgresql'): Promise<TestApp> {
  return startTestApp({}, dialect === 'postgresql' ? { databaseUrl: await postgres!.createDatabase() } : {});
}

describe.each(['sqlite', 'postgresql'] as const)('thin path on %s + Maildir', (dialect) => {
  it('registers every sample complaint once, opens the first Balangan task in working time and acknowledges in Indonesian', async () => {
    t = await appOn(dialect);
    for (const name of readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.eml'))
      .sort()) {
      await t.deliver(name.startsWith('fax-') ? 'faks' : 'pengaduan', sample(name), FRIDAY_EVENING);
    }
    t.clock.now = new Date('2026-11-20T17:06:00+08:00');

    const results = await t.app.runIntake();
    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['ignored', ...Array(7).fill('registered')]);
    // Tracking numbers: the year's sequence, no gap, no repeat.
    expect(results.flatMap((r) => (r.tracking ? [r.tracking] : [])).sort()).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => `ADU-2026-${String(n).padStart(6, '0')}`),
    );

    const gmail = results.find((r) => r.messageId?.includes('@mail.gmail.com'))!;
    expect(gmail).toMatchObject({ outcome: 'registered', channel: 'email', missing: [] });
    expect(gmail.identity).toMatchObject({
      name: 'Budi Santoso',
      nik: '6311031204870000',
      phone: '+6281251347782',
    });

    const complaint = (await t.app.store.repos.complaints.findByTrackingNumber(gmail.tracking!))!;
    expect(complaint).toMatchObject({
      channel: 'email',
      type: 'pengaduan',
      category: 'Infrastruktur',
      status: 'registered',
      sopId: 'balangan',
    });
    expect(complaint.body).toContain('berlubang');
    const [task, ...more] = await t.app.store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 10 });
    expect(more).toEqual([]);
    // Step 1 "Menerima aduan …" (60 menit) by the Admin Layanan Aduan, counted from Monday 07:30 WITA.
    expect(task).toMatchObject({
      stepId: 'registrasi',
      role: 'admin_aduan',
      dueAt: new Date('2026-11-23T08:30:00+08:00'),
    });

    const events = (await t.app.store.repos.events.listForComplaint(complaint.id)).map((e) => e.type);
    // Nobody holds the admin's role yet (no directory): the task is recorded as unassigned.
    expect(events).toEqual(['complaint.registered', 'task.opened', 'mail.queued', 'task.unassigned']);

    const fax = results.find((r) => r.channel === 'fax' && r.messageId?.includes('faksdigital'))!;
    // Numbers are stored one way: the fax number, or the letter's own "No. Telp", as +62….
    expect(fax.identity?.phone).toBe('+625114127788');
    // The gateway's name is not the citizen's: the name comes from the letter when OCR can read it.
    expect([undefined, 'Ahmad Fauzi']).toContain(fax.identity?.name);

    // Nothing is sent inside the intake transaction; the delivery sweep sends each acknowledgement once.
    expect(await listMessages(outboxFolder(t.app), 'new')).toEqual([]);
    expect(await t.app.runDelivery()).toEqual({ sent: 7, failed: 0 });
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 });

    const mails = await outboxMails(t);
    expect(mails).toHaveLength(7);
    const toBudi = mails.find((m) => m.subject?.includes(gmail.tracking!))!;
    expect(toBudi.to).toMatchObject({ text: 'budi.santoso.skm@gmail.com' });
    expect(toBudi.subject).toBe(
      `[${gmail.tracking}] Tanda terima pengaduan: Pengaduan jalan berlubang di Desa Sukamaju, Kec. Tanjung Harapan`,
    );
    expect(toBudi.inReplyTo).toBe('<CAKx8vJ3Qm+Yp2Z3WkH8h35TQvOtGUAQHwNmV8tigxuSM_=wA@mail.gmail.com>');
    expect(toBudi.headers.get('auto-submitted')).toBe('auto-replied');
    expect(toBudi.text).toContain('Yth. Bapak/Ibu Budi Santoso');
    expect(toBudi.text).toContain(`Nomor pengaduan : ${gmail.tracking}`);
    expect(toBudi.text).toContain('Diterima        : Jumat, 20 November 2026 pukul 17.05 WITA');
    expect(toBudi.text).toContain('paling lambat Senin, 23 November 2026 pukul 08.30 WITA');
    expect(toBudi.text).not.toContain('mohon lengkapi identitas');

    const toRina = mails.find(
      (m) => m.to && !Array.isArray(m.to) && m.to.text === 'rina.wulandari88@outlook.com',
    )!;
    expect(toRina.text).toContain('mohon lengkapi identitas');
    expect(toRina.text).toContain('NIK (16 digit)');
    // What was received: her photo, with its size.
    expect(toRina.text).toContain('    - foto lampu mati.jpg (12,7 KB)');

    // Anonim: the acknowledgement does not greet the reporter by name.
    const toSiti = mails.find(
      (m) => m.to && !Array.isArray(m.to) && m.to.text === 'siti_aminah77@yahoo.co.id',
    )!;
    expect(toSiti.text).toContain('Yth. Bapak/Ibu Pelapor');
    expect(toSiti.text).not.toContain('Siti');

    // Faxes are answered by fax, through the gateway.
    const faxAddresses = mails
      .flatMap((m) => (m.to && !Array.isArray(m.to) ? [m.to.text] : []))
      .filter((a) => a.includes('@faks.'));
    expect(faxAddresses.sort()).toEqual(
      ['05114127788@faks.balangankab.go.id', '+625114123456@faks.balangankab.go.id'].sort(),
    );

    // Taken mail moves to cur/ with the Seen flag; none is deleted.
    const [mailbox] = t.app.config.mailboxes;
    if (mailbox?.type !== 'maildir') throw new Error('the test app reads Maildir folders');
    const inbox = mailbox.path;
    expect(await listMessages(inbox, 'new')).toEqual([]);
    expect((await listMessages(inbox, 'cur')).every((f) => f.endsWith(':2,S'))).toBe(true);
  });

  it('registers nothing twice: the same mail again is a duplicate, a rerun takes nothing, a crash between storing and deciding is finished', async () => {
    t = await appOn(dialect);
    const gmail = sample('email-gmail-jalan-rusak.eml');
    await t.deliver('pengaduan', gmail, FRIDAY_EVENING);
    expect((await t.app.runIntake()).map((r) => r.outcome)).toEqual(['registered']);

    // The citizen's client sends it again (new Maildir file, same Message-ID).
    await t.deliver('pengaduan', gmail, FRIDAY_EVENING);
    const [again] = await t.app.runIntake();
    expect(again).toMatchObject({ outcome: 'duplicate', tracking: null });
    expect(again!.reason).toMatch(/^same Message-ID as message /);
    expect(await t.app.runIntake()).toEqual([]);

    // A crash right after the raw commit: the message is stored but undecided. The next cycle finishes it.
    const yahoo = sample('email-yahoo-sampah-windows1252.eml');
    await receiveRawMessage(
      { raw: yahoo, source: 'pengaduan', sourceKey: 'crashed-1', receivedAt: FRIDAY_EVENING },
      t.app.intakeDeps,
    );
    const [recovered] = await t.app.runIntake();
    expect(recovered).toMatchObject({ outcome: 'registered', tracking: 'ADU-2026-000002' });

    // A crash after the commit but before the Maildir file moved: the same file is offered again and recognised.
    const file = await t.deliver('pengaduan', sample('email-thunderbird-informasi.eml'), FRIDAY_EVENING);
    const key = path.basename(file).split(':')[0]!;
    await receiveRawMessage(
      { raw: readFileSync(file), source: 'pengaduan', sourceKey: key, receivedAt: FRIDAY_EVENING },
      t.app.intakeDeps,
    );
    const results = await t.app.runIntake();
    expect(results.map((r) => [r.outcome, r.tracking])).toEqual([
      ['registered', 'ADU-2026-000003'], // finished from 'received' by the pending sweep …
      ['registered', 'ADU-2026-000003'], // … and the Maildir file reported as that same message, not registered again
    ]);

    const complaints = await t.app.store.repos.complaints.list({ limit: 100 });
    expect(complaints).toHaveLength(3);
    expect(await t.app.runDelivery()).toEqual({ sent: 3, failed: 0 });
    expect(await outboxMails(t)).toHaveLength(3);
  });

  it('quarantines what cannot be a complaint, with the reason, and keeps the raw bytes', async () => {
    t = await appOn(dialect);
    await t.deliver('pengaduan', 'X-Garbage: \u0000\u0001\r\n\r\n', FRIDAY_EVENING);
    const [result] = await t.app.runIntake();
    expect(result).toMatchObject({ outcome: 'quarantined', reason: 'no sender and no readable content' });
    const [stored] = await t.app.store.repos.inbound.listByStatus('quarantined', 10);
    expect(Buffer.from((await t.app.store.repos.inbound.readRaw(stored!.sha256))!).toString('latin1')).toBe(
      'X-Garbage: \u0000\u0001\r\n\r\n',
    );
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 });
  });
});
