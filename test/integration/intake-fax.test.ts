import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaxReader, FaxReading } from '../../src/use-cases/ports/fax-reader.ts';
import { composeMail, eventsOf, example, ingest, outboxMails, recipientOf } from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Faxes through a fax-to-e-mail gateway: the pages read by the real Tesseract reader (Indonesian
// data from apt, see ../shared/notes/test-servers.md), kept as an archive PDF with the OCR text,
// and the citizen answered by the means they left.

const FRIDAY = new Date('2026-11-20T16:43:00+08:00');
let t: TestApp;
afterEach(async () => t?.dispose());

/** Simulates the OCR result for one fax, so a test can choose what the letter says. */
function readerSaying(
  text: string | null,
  extra: Partial<FaxReading> = {},
  onRead?: () => Promise<void>,
): FaxReader {
  return {
    async read() {
      await onRead?.();
      return {
        archive: { filename: 'faks.pdf', content: new TextEncoder().encode('%PDF-1.7 arsip') },
        pages: [{ index: 0, width: 1728, height: 2292, text, confidence: text ? 91 : null }],
        text,
        confidence: text ? 91 : null,
        needsTranscription: text === null,
        notes: [],
        ...extra,
      };
    },
    async close() {},
  };
}

describe('fax intake', () => {
  it('reads a 2-page TIFF fax: archive PDF with OCR text, identity from the letter, answered by fax', async () => {
    t = await startTestApp();
    const result = await ingest(t, example('fax-gateway-tiff-2-halaman.eml'), FRIDAY, 'faks');
    expect(result).toMatchObject({ outcome: 'registered', channel: 'fax', missing: [] });
    expect(result.identity).toMatchObject({
      name: 'Hj. Rusmiati',
      nik: '6311056308650000',
      phone: '+6281348271156',
    });
    const complaint = (await t.app.store.repos.complaints.findByTrackingNumber(result.tracking!))!;
    expect(complaint).toMatchObject({
      channel: 'fax',
      subject: 'Pengaduan Air PDAM tidak mengalir',
      category: 'Air Bersih',
      needsTranscription: false,
    });
    expect(complaint.body).toContain('Perihal : Pengaduan Air PDAM tidak mengalir');

    const [tiff, archive] = await t.app.store.repos.attachments.listForComplaint(complaint.id);
    expect(tiff).toMatchObject({ kind: 'file', filename: 'fax000000347.tif', contentType: 'image/tiff' });
    expect(archive).toMatchObject({
      kind: 'fax_archive',
      filename: 'fax000000347.pdf',
      contentType: 'application/pdf',
    });
    expect(archive!.ocrText).toContain('PDAM');
    expect(archive!.ocrConfidence).toBeGreaterThan(60);
    const pdf = Buffer.from((await t.app.store.repos.attachments.readContent(archive!.id))!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const registered = (await eventsOf(t, result.tracking!)).find((e) => e.type === 'complaint.registered');
    expect(registered?.data['fax']).toMatchObject({
      gateway: 'HylaFAX',
      faxNumber: '+625114123456',
      pages: 2,
    });

    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(recipientOf(ack!)).toBe('+625114123456@faks.balangankab.go.id');
    expect(ack!.text).toContain('Yth. Bapak/Ibu Hj. Rusmiati,');
    expect(ack!.text).toContain('pengaduan melalui faksimile');
    expect(ack!.text).toMatch(/ {4}- fax000000347\.pdf \([\d,]+ KB\), arsip faks\n/);
    expect(ack!.text).toContain('kirim faks atau email dengan mencantumkan nomor pengaduan');
  });

  it('registers a fax it cannot read and flags it for manual transcription', async () => {
    // No Indonesian OCR data here: the reader cannot run Tesseract.
    t = await startTestApp({ fax: { ocrDataPath: mkdtempSync(path.join(tmpdir(), 'no-tessdata-')) } });
    const result = await ingest(t, example('fax-gateway-tiff-2-halaman.eml'), FRIDAY, 'faks');
    expect(result).toMatchObject({ outcome: 'registered', channel: 'fax', missing: ['name', 'nik'] });
    expect(result.identity).toEqual({ phone: '+625114123456' });
    const complaint = (await t.app.store.repos.complaints.findByTrackingNumber(result.tracking!))!;
    expect(complaint.needsTranscription).toBe(true);
    const flagged = (await eventsOf(t, result.tracking!)).find(
      (e) => e.type === 'complaint.needs_transcription',
    );
    expect(flagged?.data['reasons']).toEqual([expect.stringMatching(/ind\.traineddata/)]);
    const archive = (await t.app.store.repos.attachments.listForComplaint(complaint.id)).find(
      (a) => a.kind === 'fax_archive',
    );
    expect(archive).toMatchObject({ ocrText: null, ocrConfidence: null });
    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(ack!.text).toContain(
      'Faks Anda belum dapat dibaca secara otomatis; petugas kami akan mengetik ulang isinya.',
    );
  });

  it("knows a gateway's mail on the complaints mailbox as a fax, and keeps a gateway PDF once, as the archive", async () => {
    t = await startTestApp();
    const result = await ingest(t, example('fax-gateway-pdf.eml'), FRIDAY, 'pengaduan');
    expect(result).toMatchObject({ outcome: 'registered', channel: 'fax' });
    const complaint = (await t.app.store.repos.complaints.findByTrackingNumber(result.tracking!))!;
    const attachments = await t.app.store.repos.attachments.listForComplaint(complaint.id);
    expect(attachments.map((a) => [a.kind, a.filename])).toEqual([
      ['fax_archive', 'FAX_20261123_1795400052_62.pdf'],
    ]);
    await t.app.runDelivery();
    expect(recipientOf((await outboxMails(t))[0]!)).toBe('05114127788@faks.balangankab.go.id');
  });

  it('answers by e-mail when the letter gives an address, and reads the fax outside any transaction', async () => {
    const reader = readerSaying(
      'Perihal : Sampah tidak diangkut\nSampah di pasar tidak diangkut seminggu.\nNama : Ahmad Fauzi\nEmail : ahmad.fauzi@yahoo.co.id',
      {},
      // On SQLite an open transaction would hold the only writer: this write would wait and fail.
      async () => {
        await t.app.store.repos.events.append({
          complaintId: null,
          at: new Date(),
          actor: 'test',
          type: 'probe',
          data: {},
        });
      },
    );
    t = await startTestApp({}, { faxReader: reader });
    const result = await ingest(t, example('fax-gateway-tiff-2-halaman.eml'), FRIDAY, 'faks');
    expect(result.identity).toMatchObject({
      name: 'Ahmad Fauzi',
      email: 'ahmad.fauzi@yahoo.co.id',
      phone: '+625114123456',
    });
    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(recipientOf(ack!)).toBe('ahmad.fauzi@yahoo.co.id');
    expect(ack!.subject).toBe(`[${result.tracking}] Tanda terima pengaduan: Sampah tidak diangkut`);
  });

  it('records the acknowledgement for the operator when a fax leaves no number and no address', async () => {
    t = await startTestApp({}, { faxReader: readerSaying('Jalan rusak di Desa Halong.\nNama : Sarkani') });
    const result = await ingest(
      t,
      await composeMail({
        from: 'Faks Kantor <faks@kantor.example>',
        subject: 'Faks masuk',
        text: 'Faks terlampir.',
        attachments: [{ filename: 'halaman.tif', content: Buffer.from('II*\0'), contentType: 'image/tiff' }],
      }),
      FRIDAY,
      'faks',
    );
    expect(result).toMatchObject({ outcome: 'registered', channel: 'fax', missing: ['nik', 'contact'] });
    const pending = (await eventsOf(t, result.tracking!)).find((e) => e.type === 'acknowledgement.pending');
    expect(pending?.data['reason']).toMatch(/no fax number or e-mail address/);
    expect(pending?.data['text']).toContain('Yth. Bapak/Ibu Sarkani,');
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 });
  });
});
