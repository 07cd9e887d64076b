import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse/parse-message.ts';
import {
  composeMail,
  eventsOf,
  example,
  fixture,
  ingest,
  outboxMails,
  recipientOf,
} from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// What a citizen sends besides words: attachments stored content-addressed with safe names,
// over-limit parts kept out (and the citizen told), hostile HTML and legacy charsets made readable.

const MONDAY = (time: string) => new Date(`2026-11-23T${time}:00+08:00`);
let t: TestApp;
afterEach(async () => t?.dispose());

async function complaintOf(tracking: string) {
  return (await t.app.store.repos.complaints.findByTrackingNumber(tracking))!;
}

describe('attachments', () => {
  it('stores a photo with the complaint, byte for byte, and lists it in the acknowledgement', async () => {
    t = await startTestApp();
    const result = await ingest(t, example('email-outlook-lampu-jalan.eml'), MONDAY('08:10'));
    const complaint = await complaintOf(result.tracking!);
    const [photo, ...others] = await t.app.store.repos.attachments.listForComplaint(complaint.id);
    expect(others).toEqual([]);
    expect(photo).toMatchObject({
      kind: 'file',
      filename: 'foto lampu mati.jpg',
      contentType: 'image/jpeg',
      size: 13014,
      inline: false,
      omittedReason: null,
      inboundMessageId: result.inboundId,
    });
    const sent = (await parseMessage(example('email-outlook-lampu-jalan.eml'))).attachments[0]!.content;
    expect(await t.app.store.repos.attachments.readContent(photo!.id)).toEqual(sent);
    const registered = (await eventsOf(t, result.tracking!)).find((e) => e.type === 'complaint.registered');
    expect(registered?.data['attachments']).toEqual([
      expect.objectContaining({ filename: 'foto lampu mati.jpg', size: 13014 }),
    ]);

    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(ack!.text).toContain('  Lampiran        :\n    - foto lampu mati.jpg (12,7 KB)\n');
  });

  it('never stores a name that climbs out of a folder or hides its extension', async () => {
    t = await startTestApp();
    const result = await ingest(t, fixture('path-traversal-attachment-name.eml'), MONDAY('14:20'));
    const stored = await t.app.store.repos.attachments.listForComplaint(
      (await complaintOf(result.tracking!)).id,
    );
    expect(stored.map((a) => a.filename)).toEqual(['etc_passwd', 'foto-lampugpj.exe']);
    for (const { filename } of stored) expect(filename).not.toMatch(/[/\\\u202a-\u202e\u2066-\u2069]|^\./);
    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(ack!.text).toContain('    - etc_passwd (82 byte)\n    - foto-lampugpj.exe (91 byte)\n');
    expect(ack!.text).not.toContain('\u202e');
  });

  it('keeps a part over intake.maxAttachmentBytes out of the complaint, tells the citizen, and keeps the raw mail whole', async () => {
    t = await startTestApp({ intake: { maxAttachmentBytes: 1_000_000 } });
    const video = randomBytes(1_500_000);
    const photo = randomBytes(20_000);
    const raw = await composeMail({
      from: 'Hendra Saputra <hendra.saputra.bp@gmail.com>',
      subject: 'Banjir di Jl. Pangeran Antasari',
      text: 'Video dan foto banjir tadi pagi terlampir.\n\nHormat saya,\nHendra Saputra',
      attachments: [
        { filename: 'video-banjir.mp4', content: video, contentType: 'video/mp4' },
        { filename: 'foto-banjir.jpg', content: photo, contentType: 'image/jpeg' },
      ],
    });
    const result = await ingest(t, raw, MONDAY('08:15'));
    expect(result.outcome).toBe('registered');
    const complaint = await complaintOf(result.tracking!);
    const [kept, small] = await t.app.store.repos.attachments.listForComplaint(complaint.id);
    expect(kept).toMatchObject({ filename: 'video-banjir.mp4', size: 1_500_000, sha256: null });
    expect(kept!.omittedReason).toMatch(/^larger than the limit of 1000000 bytes/);
    expect(await t.app.store.repos.attachments.readContent(kept!.id)).toBeNull();
    expect(Buffer.from((await t.app.store.repos.attachments.readContent(small!.id))!)).toEqual(photo);
    // The raw message, stored first, still holds the video.
    const inbound = (await t.app.store.repos.inbound.findById(result.inboundId))!;
    const stored = await t.app.store.repos.inbound.readRaw(inbound.sha256);
    const reparsed = await parseMessage(stored!);
    expect(Buffer.from(reparsed.attachments[0]!.content)).toEqual(video);

    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(ack!.text).toContain('    - foto-banjir.jpg (19,5 KB)\n');
    expect(ack!.text).toContain(
      'Lampiran berikut TIDAK kami simpan karena melebihi batas 977 KB per lampiran:\n  - video-banjir.mp4 (1,4 MB)\n',
    );

    // The same in a follow-up: appended, and a short notice says what was not kept.
    const followUp = await ingest(
      t,
      await composeMail({
        from: 'Hendra Saputra <hendra.saputra.bp@gmail.com>',
        subject: `Re: [${result.tracking}] video kedua`,
        text: 'Video kedua.',
        attachments: [{ filename: 'video-2.mp4', content: randomBytes(1_200_000), contentType: 'video/mp4' }],
      }),
      MONDAY('09:00'),
    );
    expect(followUp.outcome).toBe('appended');
    await t.app.runDelivery();
    const notice = (await outboxMails(t)).find((m) => m.headers.get('x-aduan-kind') === 'notice')!;
    expect(recipientOf(notice)).toBe('hendra.saputra.bp@gmail.com');
    expect(notice.subject).toBe(
      `[${result.tracking}] Tambahan keterangan diterima, sebagian lampiran tidak tersimpan`,
    );
    expect(notice.text).toContain('  - video-2.mp4 (1,1 MB)');
  });

  it('registers an attachment-only mail with its PDF letter', async () => {
    t = await startTestApp();
    const result = await ingest(t, fixture('attachment-only.eml'), MONDAY('07:48'));
    expect(result).toMatchObject({ outcome: 'registered', identity: { name: 'Hendra Saputra' } });
    const complaint = await complaintOf(result.tracking!);
    expect(complaint).toMatchObject({
      subject: 'Surat pengaduan drainase tersumbat RT 05 Batu Piring',
      body: '',
    });
    const [letter] = await t.app.store.repos.attachments.listForComplaint(complaint.id);
    expect(letter).toMatchObject({
      filename: 'Surat Pengaduan Banjir RT 05.pdf',
      contentType: 'application/pdf',
    });
    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(ack!.text).toMatch(/ {4}- Surat Pengaduan Banjir RT 05\.pdf \(2,8 KB\)\n/);
  });
});

describe('text', () => {
  it('turns hostile HTML-only mail into safe text for the complaint', async () => {
    t = await startTestApp();
    const result = await ingest(t, fixture('html-only-hostile.eml'), MONDAY('10:13'));
    expect(result.identity).toMatchObject({ name: 'Dewi Lestari', phone: '+6285751239087' });
    const complaint = await complaintOf(result.tracking!);
    expect(complaint.category).toBe('Pengawasan');
    expect(complaint.body).toContain(
      'Saya ingin melaporkan pungutan liar di loket pelayanan KTP-el Kecamatan Juai.',
    );
    for (const bad of ['<', 'script', 'alert', 'onerror', 'javascript', 'http', 'cookie'])
      expect(complaint.body).not.toContain(bad);
    await t.app.runDelivery();
    expect(recipientOf((await outboxMails(t))[0]!)).toBe('dewi.lestari.juai@mail.example');
  });

  it('decodes an ISO-8859-1 body and its RFC 2047 subject through to the acknowledgement', async () => {
    t = await startTestApp();
    const result = await ingest(t, fixture('iso-8859-1-subject-rfc2047.eml'), MONDAY('11:40'));
    expect(result.identity).toMatchObject({
      name: 'Yohanes Rahmat Sitompul',
      nik: '6311022507910000',
      phone: '+625262094411',
      address: 'Jl. Jend. Sudirman No. 45, Paringin',
    });
    const complaint = await complaintOf(result.tracking!);
    expect(complaint.subject).toBe('Antrean KTP-el ±3 jam, ruang tunggu 35°C di Disdukcapil');
    expect(complaint.body).toContain('suhu di ruang tunggu mencapai 35°C');
    expect(complaint.category).toBe('Administrasi Kependudukan');
    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(ack!.subject).toBe(
      `[${result.tracking}] Tanda terima pengaduan: Antrean KTP-el ±3 jam, ruang tunggu 35°C di Disdukcapil`,
    );
  });
});
