import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTiff } from '../../../test/fixtures/fax/build-tiff.ts';
import type { InboundAttachment } from '../parse/inbound-message.ts';
import { faxNotes } from './fax-notes.ts';
import { createFaxReader } from './read-fax.ts';
import type { FaxReader } from './read-fax.ts';

/** apt: tesseract-ocr-ind (installed by CI). */
const TESSDATA = '/usr/share/tesseract-ocr/5/tessdata';
const NO_TESSDATA = '/nonexistent/tessdata';

const file = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../${path}`, import.meta.url)));
const attachment = (
  filename: string,
  contentType: string,
  content: Uint8Array,
  inline = false,
): InboundAttachment => ({
  filename,
  contentType,
  size: content.length,
  content,
  inline,
});

async function attachmentsOf(eml: string): Promise<InboundAttachment[]> {
  const mail = await simpleParser(Buffer.from(file(`examples/mail/${eml}`)));
  return mail.attachments.map((a) =>
    attachment(
      a.filename ?? 'lampiran',
      a.contentType,
      new Uint8Array(a.content),
      a.contentDisposition === 'inline',
    ),
  );
}

function quietLog() {
  const entries: { level: string; message: string; fields: object }[] = [];
  const at = (level: string) => (fields: object, message: string) =>
    void entries.push({ level, message, fields });
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}

async function pageSizes(pdf: Uint8Array): Promise<[number, number][]> {
  const doc = await PDFDocument.load(pdf);
  return doc
    .getPages()
    .map((page) => [Math.round(page.getWidth() * 10) / 10, Math.round(page.getHeight() * 10) / 10]);
}

/** Mean gray level (0 black - 255 white) of a PDF page as Poppler draws it: paper must stay white. */
function meanGray(pdf: Uint8Array, page = 1): number {
  const dir = mkdtempSync(join(tmpdir(), 'fax-test-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    execFileSync('pdftoppm', [
      '-gray',
      '-r',
      '30',
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      join(dir, 'a.pdf'),
      join(dir, 'p'),
    ]);
    const pgm = readFileSync(join(dir, 'p.pgm'));
    const header = /^P5\s+\d+\s+\d+\s+255\s/.exec(pgm.toString('latin1', 0, 40))!;
    const pixels = pgm.subarray(header[0].length);
    return pixels.reduce((sum, v) => sum + v, 0) / pixels.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tiffSample = file('examples/fax/surat-pdam-2-halaman.tif');
const tiff = (content: Uint8Array, name = 'fax000000347.tif') => attachment(name, 'image/tiff', content);

describe('fax reader with Indonesian OCR', () => {
  let reader: FaxReader;
  const log = quietLog();

  beforeAll(() => {
    expect(
      existsSync(join(TESSDATA, 'ind.traineddata')),
      `install OCR data: apt-get install tesseract-ocr-ind`,
    ).toBe(true);
    reader = createFaxReader({ ocrDataPath: TESSDATA, log });
  });
  afterAll(() => reader.close());

  it('turns a 2-page G4 TIFF fax into an A4-sized archive PDF and reads the identity in it', async () => {
    const attachments = await attachmentsOf('fax-gateway-tiff-2-halaman.eml');
    const reading = await reader.read(attachments);

    expect(reading.notes).toEqual([]);
    expect(reading.needsTranscription).toBe(false);
    expect(reading.archive?.filename).toBe('fax000000347.pdf');
    // 1728x2292 pixels at 204x196 dpi: 8.47 x 11.69 inches, the width of a fax line on A4 paper.
    expect(await pageSizes(reading.archive!.content)).toEqual([
      [609.9, 842],
      [609.9, 842],
    ]);
    expect(meanGray(reading.archive!.content)).toBeGreaterThan(200);
    expect(reading.pages.map(({ index, width, height }) => ({ index, width, height }))).toEqual([
      { index: 0, width: 1728, height: 2292 },
      { index: 1, width: 1728, height: 2292 },
    ]);
    expect(reading.text).toMatch(/Nama\s*:\s*Hj\. Rusmiati/);
    expect(reading.text).toMatch(/NIK\s*:\s*6311056308650000/);
    expect(reading.text).toMatch(/No\. HP\s*:\s*0813 4827 1156/);
    expect(reading.text).toContain('Pengaduan Air PDAM tidak mengalir');
    expect(reading.text).toBe(`${reading.pages[0]!.text}\n\n${reading.pages[1]!.text}`);
    expect(reading.pages[1]!.text).toContain('Hormat saya');
    expect(reading.confidence).toBeGreaterThan(60);
  });

  it('keeps the gateway PDF as received and reads it through pdftoppm', async () => {
    const attachments = await attachmentsOf('fax-gateway-pdf.eml');
    const reading = await reader.read(attachments);

    expect(reading.archive?.filename).toBe('FAX_20261123_1795400052_62.pdf');
    expect(Buffer.from(reading.archive!.content).equals(Buffer.from(attachments[0]!.content))).toBe(true);
    expect(reading.pages).toHaveLength(1);
    expect(reading.pages[0]).toMatchObject({ width: 2480, height: 3509 }); // A4 at 300 dpi, as pdftoppm renders it for OCR
    expect(reading.text).toMatch(/Nama\s*:\s*Ahmad Fauzi/);
    expect(reading.text).toContain('0511-4127788');
    expect(reading.confidence).toBeGreaterThan(60);
    expect(reading.needsTranscription).toBe(false);
  });

  it('stretches a 204x98 dpi G3 page to square pixels for OCR, and archives it A4-sized', async () => {
    const reading = await reader.read([
      tiff(file('test/fixtures/fax/fax-g3-2d-204x98.tif'), 'fax000000348.tif'),
    ]);

    expect(await pageSizes(reading.archive!.content)).toEqual([[609.9, 842]]);
    expect(reading.pages[0]).toMatchObject({ width: 1728, height: 1146 });
    expect(reading.text).toMatch(/Nama\s*:\s*Hj\. Rusmiati/);
    expect(reading.text).toMatch(/NIK\s*:\s*6311056308650000/);
    expect(reading.text).toMatch(/No\. HP\s*:\s*0813 4827 1156/);
    expect(reading.needsTranscription).toBe(false);
  });

  it('treats a photo on the fax channel as a page, and asks for a person when it holds no text', async () => {
    const attachments = await attachmentsOf('email-outlook-lampu-jalan.eml');
    const reading = await reader.read(attachments);

    expect(reading.pages).toEqual([expect.objectContaining({ index: 0, width: 480, height: 360 })]);
    expect(await pageSizes(reading.archive!.content)).toHaveLength(1);
    expect(reading.needsTranscription).toBe(true);
    expect(reading.notes).toEqual([faxNotes.littleText()]);
  });

  it('logs one line per fax with the OCR timings', () => {
    const lines = log.entries.filter((e) => e.message === 'fax read');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines[0]?.fields).toMatchObject({ pages: 2, ocrPages: 2, needsTranscription: false });
  });
});

describe('fax reader without usable OCR', () => {
  const blind = createFaxReader({ ocrDataPath: NO_TESSDATA, log: quietLog() });
  const damagedDir = mkdtempSync(join(tmpdir(), 'fax-tessdata-'));
  afterAll(async () => {
    await blind.close();
    rmSync(damagedDir, { recursive: true, force: true });
  });

  it('still builds the archive and says the fax must be typed in', async () => {
    const pdf = await attachmentsOf('fax-gateway-pdf.eml');
    const reading = await blind.read([tiff(tiffSample), ...pdf]);

    expect(reading.notes).toEqual([faxNotes.ocrDataMissing(NO_TESSDATA)]);
    expect(reading.notes[0]).toBe(
      'Data OCR bahasa Indonesia (ind.traineddata) tidak ditemukan di /nonexistent/tessdata; faks perlu diketik manual.',
    );
    expect(reading.needsTranscription).toBe(true);
    expect(reading.text).toBeNull();
    expect(reading.confidence).toBeNull();
    expect(reading.pages.map((p) => p.text)).toEqual([null, null, null]);
    // TIFF pages first, then the PDF's page copied in: one archive, in attachment order.
    expect(await pageSizes(reading.archive!.content)).toEqual([
      [609.9, 842],
      [609.9, 842],
      [595, 842],
    ]);
  });

  it('does not hand damaged OCR data to Tesseract', async () => {
    const real = readFileSync(join(TESSDATA, 'ind.traineddata'));
    writeFileSync(join(damagedDir, 'ind.traineddata'), real.subarray(0, 300_000));
    const reader = createFaxReader({ ocrDataPath: damagedDir, log: quietLog() });
    try {
      const reading = await reader.read([tiff(tiffSample)]);
      expect(reading.notes).toEqual([faxNotes.ocrDataDamaged(join(damagedDir, 'ind.traineddata'))]);
      expect(reading.needsTranscription).toBe(true);
      expect(reading.archive).not.toBeNull();
    } finally {
      await reader.close();
    }
  });

  it('survives language data that passes the header check but that Tesseract rejects', async () => {
    // Sound header, LSTM entry present, content garbage: inside tesseract.js this aborts the wasm
    // and throws an uncaught exception; here it must end as a note.
    const header = Buffer.alloc(4096, 1);
    header.writeInt32LE(24, 0);
    for (let i = 0; i < 24; i += 1)
      header.writeBigInt64LE(i < 17 ? -1n : BigInt(196 + (i - 17) * 100), 4 + 8 * i);
    writeFileSync(join(damagedDir, 'ind.traineddata'), header);
    const log = quietLog();
    const reader = createFaxReader({ ocrDataPath: damagedDir, log });
    try {
      const first = await reader.read([tiff(tiffSample)]);
      expect(first.notes).toEqual([faxNotes.ocrEngineFailed()]);
      expect(first).toMatchObject({ text: null, confidence: null, needsTranscription: true });
      expect(await pageSizes(first.archive!.content)).toHaveLength(2);
      expect(log.entries.some((e) => e.message === 'fax: Tesseract would not start')).toBe(true);

      // The same file again: not retried for every fax.
      const second = await reader.read([tiff(tiffSample)]);
      expect(second.notes).toEqual([faxNotes.ocrEngineFailed()]);
    } finally {
      await reader.close();
    }
  });

  it('notes a TIFF cut in half, without throwing', async () => {
    const reading = await blind.read([tiff(tiffSample.slice(0, tiffSample.length / 2))]);
    expect(reading).toMatchObject({ archive: null, pages: [], needsTranscription: true });
    expect(reading.notes).toContain(
      faxNotes.tiffUnreadable(
        'fax000000347.tif',
        'direktori halaman berada di luar berkas (berkas terpotong?)',
      ),
    );
  });

  it('archives the pages before the cut of a truncated TIFF', async () => {
    const reading = await blind.read([tiff(tiffSample.slice(0, 34_000))]);
    expect(await pageSizes(reading.archive!.content)).toHaveLength(1);
    expect(reading.needsTranscription).toBe(true);
    expect(
      reading.notes.some((n) => n.startsWith('Lampiran fax000000347.tif: hanya 1 halaman yang terbaca')),
    ).toBe(true);
  });

  it('notes a garbage PDF, without throwing', async () => {
    const garbage = new TextEncoder().encode(
      '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage, no xref, no trailer',
    );
    const reading = await blind.read([attachment('FAX_rusak.pdf', 'application/pdf', garbage)]);
    expect(reading).toMatchObject({ archive: null, pages: [], needsTranscription: true });
    expect(reading.notes).toContain(faxNotes.pdfUnreadable('FAX_rusak.pdf'));
  });

  it('refuses a page claiming 200,000 x 200,000 pixels before decoding it', async () => {
    const absurd = buildTiff([{ width: 200_000, height: 200_000, strip: new Uint8Array(64) }]);
    const reading = await blind.read([tiff(absurd, 'raksasa.tif')]);
    expect(reading.pages).toEqual([
      { index: 0, width: 200_000, height: 200_000, text: null, confidence: null },
    ]);
    expect(reading.notes).toContain(faxNotes.pageTooLarge(1, 200_000, 200_000));
    expect(reading).toMatchObject({ archive: null, needsTranscription: true });
  });

  it('refuses a TIFF claiming more pages than maxPages', async () => {
    const reader = createFaxReader({ ocrDataPath: NO_TESSDATA, log: quietLog(), maxPages: 5 });
    const many = buildTiff(
      Array.from({ length: 6 }, () => ({ width: 1728, height: 10, strip: new Uint8Array(16) })),
    );
    try {
      const reading = await reader.read([tiff(many, 'banyak.tif')]);
      expect(reading).toMatchObject({ archive: null, pages: [], needsTranscription: true });
      expect(reading.notes).toContain(faxNotes.tooManyPages('banyak.tif', 5));
    } finally {
      await reader.close();
    }
  });

  it('answers concurrent reads one after the other', async () => {
    const [a, b] = await Promise.all([
      blind.read([tiff(tiffSample)]),
      blind.read([tiff(tiffSample.slice(0, 34_000))]),
    ]);
    expect(a.pages).toHaveLength(2);
    expect(b.pages).toHaveLength(1);
  });

  it('says when there is no fax page at all, and ignores the gateway logo', async () => {
    const reading = await blind.read([
      attachment('logo.jpg', 'image/jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), true),
      attachment('catatan.txt', 'text/plain', new TextEncoder().encode('Halo')),
    ]);
    expect(reading).toEqual({
      archive: null,
      pages: [],
      text: null,
      confidence: null,
      needsTranscription: false,
      notes: [faxNotes.noFaxImage()],
    });
  });

  it('recognises a TIFF sent as application/octet-stream by its name', async () => {
    const reading = await blind.read([attachment('FAX0001.TIF', 'application/octet-stream', tiffSample)]);
    expect(reading.archive?.filename).toBe('FAX0001.pdf');
    expect(reading.pages).toHaveLength(2);
  });
});

describe('fax reader against a hostile page', () => {
  it('stops a decoder stuck on junk data at the page time limit and keeps working', async () => {
    // The limit leaves a fresh thread time to start and decode a real page on a busy CI machine,
    // and is still far below what the junk page needs.
    const reader = createFaxReader({ ocrDataPath: NO_TESSDATA, log: quietLog(), pageTimeoutMs: 4_000 });
    try {
      // 32 KB of zero bits: UTIF's G4 decoder needs ~36 s for this (it grows a string bit by bit).
      const junk = buildTiff([{ width: 1728, height: 2292, strip: new Uint8Array(32 * 1024) }]);
      const started = performance.now();
      const stuck = await reader.read([tiff(junk, 'macet.tif')]);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(stuck.notes).toContain(faxNotes.pageDecodeTimeout(1, 4_000));
      expect(stuck).toMatchObject({ archive: null, needsTranscription: true });

      const next = await reader.read([tiff(tiffSample)]);
      expect(await pageSizes(next.archive!.content)).toHaveLength(2);
    } finally {
      await reader.close();
    }
  });

  it('refuses to read after close()', async () => {
    const reader = createFaxReader({ ocrDataPath: NO_TESSDATA, log: quietLog() });
    await reader.close();
    await expect(reader.read([tiff(tiffSample)])).rejects.toThrow(/after close/);
  });
});
