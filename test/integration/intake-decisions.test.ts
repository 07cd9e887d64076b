import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outboxFolder } from '../../src/main.ts';
import { listMessages } from '../../src/mail/maildir/maildir.ts';
import {
  composeMail,
  eventsOf,
  example,
  FIXTURE_ACK_ID,
  fixture,
  fixtureWith,
  ingest,
  outboxMails,
  recipientOf,
  sentAcknowledgementId,
  testDatabases,
} from '../support/intake.ts';
import type { TestApp } from '../support/test-app.ts';

// What each message is, decided once, on SQLite and PostgreSQL: follow-ups, strangers, commands,
// robots, our own mail and bounces — asserted on rows read back and mails in the outbox Maildir.

const MONDAY = (time: string) => new Date(`2026-11-23T${time}:00+08:00`);
const { appOn } = testDatabases({ beforeAll, afterAll });
let t: TestApp;
afterEach(async () => t?.dispose());

describe.each(['sqlite', 'postgresql'] as const)('intake decisions on %s', (dialect) => {
  it("appends a citizen's follow-up — by reply to our acknowledgement or by tracking number — and fills the missing NIK", async () => {
    t = await appOn(dialect);
    const first = await ingest(t, example('email-thunderbird-informasi.eml'), MONDAY('08:29'));
    expect(first).toMatchObject({ outcome: 'registered', tracking: 'ADU-2026-000001', missing: ['nik'] });
    await t.app.runDelivery();
    const ackId = await sentAcknowledgementId(t, 'ADU-2026-000001');

    // Gmail's reply to the acknowledgement: the quote goes, the NIK and phone fill the gaps.
    t.clock.now = MONDAY('09:15');
    const reply = await ingest(
      t,
      fixtureWith('follow-up-gmail-reply.eml', { [FIXTURE_ACK_ID]: ackId }),
      MONDAY('09:14'),
    );
    expect(reply).toMatchObject({
      outcome: 'appended',
      tracking: 'ADU-2026-000001',
      reason: 'follow-up to ADU-2026-000001 (reply to our mail)',
      missing: [],
    });
    expect(reply.identity).toMatchObject({
      nik: '6311021503910000',
      phone: '+6281350724418',
      name: 'Andi Pratama',
    });
    const complaint = (await t.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001'))!;
    expect(await t.app.store.repos.complaints.identityOf(complaint.id)).toMatchObject({
      nik: '6311021503910000',
      phone: '+6281350724418',
      email: 'andi.pratama91@gmail.com',
    });

    // Later, by tracking number only, with a photo.
    const photo = Buffer.alloc(2048, 7);
    const more = await ingest(
      t,
      await composeMail({
        from: 'Andi Pratama <andi.pratama91@gmail.com>',
        subject: 'Tambahan [ADU-2026-000001] foto surat keterangan lahir',
        text: 'Berikut saya lampirkan foto surat keterangan lahir dari RSUD.',
        attachments: [{ filename: 'surat-lahir.jpg', content: photo, contentType: 'image/jpeg' }],
      }),
      MONDAY('09:40'),
    );
    expect(more).toMatchObject({ outcome: 'appended', tracking: 'ADU-2026-000001' });

    const events = await eventsOf(t, 'ADU-2026-000001');
    const followUps = events.filter((e) => e.type === 'complaint.follow_up');
    expect(followUps.map((e) => [e.actor, e.data['via'], e.data['senderIsComplainant']])).toEqual([
      ['citizen', 'reply', true],
      ['citizen', 'tracking-number', true],
    ]);
    expect(followUps[0]!.data['text']).toBe(
      'Selamat pagi Bapak/Ibu,\n\nMenjawab permintaan di atas, berikut saya lengkapi identitas saya:\n\nNIK: 6311021503910000\nNo. HP/WA: 0813-5072-4418\n\nTerima kasih.\n\nSalam,\nAndi Pratama',
    );
    expect(events.filter((e) => e.type === 'identity.completed').map((e) => e.data['fields'])).toEqual([
      ['nik', 'phone'],
    ]);
    const [stored] = await t.app.store.repos.attachments.listForComplaint(complaint.id);
    expect(stored).toMatchObject({
      filename: 'surat-lahir.jpg',
      size: 2048,
      kind: 'file',
      complaintId: complaint.id,
    });
    expect(Buffer.from((await t.app.store.repos.attachments.readContent(stored!.id))!)).toEqual(photo);

    // One complaint; nothing more is sent (follow-ups are recorded, not acknowledged).
    expect(await t.app.store.repos.complaints.list({ limit: 10 })).toHaveLength(1);
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 });
  });

  it("never attaches a stranger to someone else's complaint (zammad#5064)", async () => {
    t = await appOn(dialect);
    await ingest(t, example('email-gmail-jalan-rusak.eml'), MONDAY('08:29'));
    await t.app.runDelivery();
    const before = (await eventsOf(t, 'ADU-2026-000001')).map((e) => e.type);

    // Quotes the tracking number in the subject: a complaint of their own, with a note.
    const stranger = await ingest(t, fixture('follow-up-stranger-quotes-tracking.eml'), MONDAY('10:41'));
    expect(stranger).toMatchObject({ outcome: 'registered', tracking: 'ADU-2026-000002' });
    expect(stranger.reason).toMatch(/names ADU-2026-000001, but the sender is not its complainant/);
    expect(stranger.identity).toMatchObject({ name: 'Dedi Kurniawan', phone: '+6281255993141' });
    const note = (await eventsOf(t, 'ADU-2026-000002')).find((e) => e.type === 'complaint.note');
    expect(note?.data).toMatchObject({ kind: 'mentions-other-complaint', trackingNumber: 'ADU-2026-000001' });
    expect((await eventsOf(t, 'ADU-2026-000001')).map((e) => e.type)).toEqual(before);

    // A number that does not exist: noted too.
    const unknown = await ingest(
      t,
      await composeMail({
        from: 'warga@contoh.id',
        subject: 'Re: [ADU-2026-000777] lampu',
        text: 'Lampu mati lagi.',
      }),
      MONDAY('10:50'),
    );
    expect(unknown).toMatchObject({ outcome: 'registered', tracking: 'ADU-2026-000003' });
    expect(unknown.reason).toMatch(/ADU-2026-000777, which does not exist/);

    // Replying to our acknowledgement from another address is appended, flagged, and fills nothing.
    const ackId = await sentAcknowledgementId(t, 'ADU-2026-000001');
    const forwarded = await ingest(
      t,
      await composeMail({
        from: 'Istri Budi <rahmah.budi@gmail.com>',
        subject: 'Re: Fwd: [ADU-2026-000001] Tanda terima pengaduan',
        text: 'Suami saya sedang di luar kota. NIK: 6311034506880000',
        inReplyTo: ackId,
        references: [ackId],
      }),
      MONDAY('11:00'),
    );
    expect(forwarded).toMatchObject({ outcome: 'appended', tracking: 'ADU-2026-000001' });
    expect(forwarded.reason).toMatch(/from rahmah\.budi@gmail\.com, who is not the complainant/);
    const budi = (await t.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001'))!;
    expect((await t.app.store.repos.complaints.identityOf(budi.id)).nik).toBe('6311031204870000');
    const followUp = (await eventsOf(t, 'ADU-2026-000001')).find((e) => e.type === 'complaint.follow_up');
    expect(followUp?.data).toMatchObject({ senderIsComplainant: false, from: 'rahmah.budi@gmail.com' });
  });

  it("takes an official's reply to a task mail as a command, and refuses one without the task mail's token", async () => {
    t = await appOn(dialect);
    await ingest(t, example('email-gmail-jalan-rusak.eml'), MONDAY('08:29'));
    const complaint = (await t.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001'))!;
    // The acting-by-email issue will send these; here one is queued by hand.
    await t.app.store.transaction((repos) =>
      repos.outbox.enqueue(
        {
          dedupeKey: `task:${complaint.id}:registrasi`,
          to: 'kasi.kompublik@balangankab.go.id',
          subject: '[ADU-2026-000001] Tugas: verifikasi pengaduan',
          text: 'Balas dengan TERUSKAN, TOLAK atau INFORMASI.',
          headers: { 'X-Aduan-Kind': 'task', 'X-Aduan-Tracking': 'ADU-2026-000001' },
          complaintId: complaint.id,
        },
        MONDAY('08:30'),
      ),
    );
    await t.app.runDelivery();
    const task = (await outboxMails(t)).find((m) => m.headers.get('x-aduan-kind') === 'task')!;

    const result = await ingest(
      t,
      await composeMail({
        from: 'Kasi Komunikasi Publik <kasi.kompublik@balangankab.go.id>',
        subject: 'RE: [ADU-2026-000001] Tugas: verifikasi pengaduan',
        text: 'TERUSKAN ke Kabid IKP\n\n-----Original Message-----\nFrom: Layanan Pengaduan\n\nBalas dengan TERUSKAN',
        inReplyTo: task.messageId!,
        references: [task.messageId!],
      }),
      MONDAY('09:05'),
    );
    // A reply to a task mail is a command for the SOP, not a complaint — and without the task
    // mail's reply token (this one was queued by hand, with none) it is refused, not obeyed.
    expect(result).toMatchObject({ outcome: 'quarantined', tracking: 'ADU-2026-000001' });
    expect(result.reason).toContain('without its reply token');
    const refused = (await eventsOf(t, 'ADU-2026-000001')).find((e) => e.type === 'security.command_refused');
    expect(refused).toMatchObject({ actor: 'kasi.kompublik@balangankab.go.id' });
    expect(
      (await t.app.store.repos.inbound.listByStatus('quarantined', 10)).map((r) => r.fromAddress),
    ).toEqual(['kasi.kompublik@balangankab.go.id']);
    expect(await t.app.store.repos.complaints.list({ limit: 10 })).toHaveLength(1);
    // The official the task mail went to is told how to reply so that it counts.
    await t.app.runDelivery();
    const warning = (await outboxMails(t)).find((m) =>
      m.subject?.includes('Peringatan: perintah atas tugas Anda ditolak'),
    )!;
    expect(recipientOf(warning)).toBe('kasi.kompublik@balangankab.go.id');
    expect(warning.text).toContain('dengan tombol "Balas" pada e-mail tugas');
  });

  it('ignores auto-replies, bulk mail and our own mail coming back, and answers none of them', async () => {
    t = await appOn(dialect);
    await ingest(t, example('email-gmail-jalan-rusak.eml'), MONDAY('08:29'));
    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    const [ackFile] = await listMessages(outboxFolder(t.app), 'new');
    const ackRaw = readFileSync(ackFile!);

    const reasons: Record<string, string | null> = {};
    for (const name of [
      'ooo-indonesian.eml',
      'ooo-english-outlook.eml',
      'mailing-list-bulk.eml',
      'own-mail-returning.eml',
    ]) {
      const result = await ingest(t, fixture(name), MONDAY('09:00'));
      expect(result.outcome, name).toBe('ignored');
      reasons[name] = result.reason;
    }
    expect(reasons).toEqual({
      'ooo-indonesian.eml':
        'out-of-office reply (subject "Di Luar Kantor: [ADU-2026-000001] Tanda terima pengaduan: Jalan rusak di Desa Su")',
      'ooo-english-outlook.eml': 'automatic reply (Auto-Submitted: auto-generated)',
      'mailing-list-bulk.eml':
        'mailing-list mail (List-Id: 8817263mcd5e1a9b4c7f0f2e3d4c5b6a7 list <8817263mcd5e1a9b4c7f0f2e3d4c5b6a7.4471902.list-id.mcsv.example>)',
      'own-mail-returning.eml': 'sent by our own address pengaduan@balangankab.go.id',
    });
    expect((await ingest(t, example('auto-reply-out-of-office.eml'), MONDAY('09:01'))).outcome).toBe(
      'ignored',
    );

    // Our acknowledgement forwarded back by a list that rewrote From and dropped our header:
    // still ours, by its Message-ID.
    const rewritten = ackRaw
      .toString('latin1')
      .replace(/^From: .*$/m, 'From: Warga RT 05 <rt05.sukamaju@gmail.com>')
      .replace(/^X-Aduan-Tracking: .*\n/m, '')
      .replace(/^Auto-Submitted: .*\n/m, '');
    const loop = await ingest(t, rewritten, MONDAY('09:02'));
    expect(loop).toMatchObject({
      outcome: 'ignored',
      reason: `our own mail came back (Message-ID ${ack!.messageId})`,
    });

    expect(await t.app.store.repos.complaints.list({ limit: 10 })).toHaveLength(1);
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 });
    expect(await outboxMails(t)).toHaveLength(1);
  });

  it('links a Postfix bounce to our acknowledgement, marks the address, and records later acknowledgements instead of sending them', async () => {
    t = await appOn(dialect);
    const typo = example('email-gmail-jalan-rusak.eml')
      .toString('latin1')
      .replaceAll('budi.santoso.skm@gmail.com', 'budi.santoso.skm@gmial.com');
    await ingest(t, typo, MONDAY('08:29'));
    await t.app.runDelivery();
    const ackId = await sentAcknowledgementId(t, 'ADU-2026-000001');

    const bounce = await ingest(
      t,
      fixtureWith('dsn-bounce-postfix.eml', { [FIXTURE_ACK_ID]: ackId }),
      MONDAY('08:31'),
    );
    expect(bounce).toMatchObject({ outcome: 'bounce', tracking: 'ADU-2026-000001' });
    expect(bounce.reason).toBe(
      'delivery failed for budi.santoso.skm@gmial.com (5.4.4 X-Postfix; Host or domain name not found. Name service error for name=gmial.com type=AAAA: Host not found)',
    );
    const sent = await t.app.store.repos.outbox.findByMessageId(ackId);
    expect(sent).toMatchObject({ status: 'sent', to: 'budi.santoso.skm@gmial.com' });
    expect(sent?.bouncedAt).toEqual(t.clock.now);
    expect(sent?.bounceReason).toMatch(/^5\.4\.4 X-Postfix; Host or domain name not found/);
    expect(await t.app.store.repos.undeliverable.find('budi.santoso.skm@gmial.com')).toMatchObject({
      bounces: 1,
      lastOutboxId: sent!.id,
    });
    expect((await eventsOf(t, 'ADU-2026-000001')).map((e) => e.type)).toContain('mail.bounced');

    // Budi writes again from the dead address: registered, the acknowledgement recorded, not sent.
    const again = await ingest(
      t,
      await composeMail({
        from: 'Budi Santoso <budi.santoso.skm@gmial.com>',
        subject: 'Jembatan Sungai Batang retak',
        text: 'Jembatan di Sungai Batang retak di bagian tengah.',
      }),
      MONDAY('10:00'),
    );
    expect(again).toMatchObject({ outcome: 'registered', tracking: 'ADU-2026-000002' });
    const withheld = (await eventsOf(t, 'ADU-2026-000002')).find(
      (e) => e.type === 'acknowledgement.withheld',
    );
    expect(withheld?.data['reason']).toMatch(/^budi\.santoso\.skm@gmial\.com is undeliverable since /);
    expect(withheld?.data['text']).toContain('Nomor pengaduan : ADU-2026-000002');
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 });
    expect(await outboxMails(t)).toHaveLength(1);

    // The same DSN delivered twice is a duplicate; one for mail we never sent marks nothing.
    const twice = await ingest(
      t,
      fixtureWith('dsn-bounce-postfix.eml', { [FIXTURE_ACK_ID]: ackId }),
      MONDAY('10:05'),
    );
    expect(twice.outcome).toBe('duplicate');
    const stray = await ingest(
      t,
      fixtureWith('dsn-bounce-postfix.eml', {
        'budi.santoso.skm@gmial.com': 'orang.lain@gmial.com',
        '4Xf2Lq0sRHz2yJm@': '4Xg9Zz1aBCz2yJn@',
      }),
      MONDAY('10:06'),
    );
    expect(stray).toMatchObject({ outcome: 'bounce', tracking: null });
    expect(stray.reason).toMatch(/^delivery report for mail we did not send \(<01a2f3c4/);
    expect(await t.app.store.repos.undeliverable.find('orang.lain@gmial.com')).toBeNull();
  });

  it('links an Exchange NDR that returns only the headers', async () => {
    t = await appOn(dialect);
    await ingest(
      t,
      await composeMail({
        from: 'Rina Wulandari <rina.wulandari@pt-sumberjaya.co.id>',
        subject: 'Lampu jalan mati di Jl. Ahmad Yani Km 4,5',
        text: 'Sudah dua minggu lampu jalan mati.\n\nHormat saya,\nRina Wulandari',
      }),
      MONDAY('08:33'),
    );
    await t.app.runDelivery();
    const ackId = await sentAcknowledgementId(t, 'ADU-2026-000001');
    const ndr = await ingest(
      t,
      fixtureWith('dsn-bounce-exchange.eml', { [FIXTURE_ACK_ID]: ackId }),
      MONDAY('08:34'),
    );
    expect(ndr).toMatchObject({ outcome: 'bounce', tracking: 'ADU-2026-000001' });
    expect(ndr.reason).toMatch(
      /^delivery failed for rina\.wulandari@pt-sumberjaya\.co\.id \(5\.1\.10 smtp;550 5\.1\.10 RESOLVER/,
    );
    expect(await t.app.store.repos.undeliverable.find('rina.wulandari@pt-sumberjaya.co.id')).not.toBeNull();
  });

  it('registers mail without a Message-ID, and knows the same bytes again as a duplicate', async () => {
    t = await appOn(dialect);
    const first = await ingest(t, fixture('no-message-id.eml'), MONDAY('13:05'));
    expect(first).toMatchObject({ outcome: 'registered', messageId: null, tracking: 'ADU-2026-000001' });
    expect(first.identity).toMatchObject({ phone: '+6285249001122', email: 'koptanimakmur@plasa.example' });
    const second = await ingest(t, fixture('no-message-id.eml'), MONDAY('13:06'));
    expect(second).toMatchObject({ outcome: 'duplicate' });
    expect(second.reason).toMatch(/^same content as message /);
    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(recipientOf(ack!)).toBe('koptanimakmur@plasa.example');
    expect(ack!.inReplyTo).toBeUndefined();
  });
});
