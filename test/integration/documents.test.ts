import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import jsQRModule from 'jsqr';
import forge from 'node-forge';
import type { ParsedMail } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nextDocumentNumber } from '../../src/use-cases/document-records.ts';
import {
  composeMail,
  example,
  importSampleDirectory,
  ingest,
  outboxMails,
  recipientOf,
  replier,
  taskMailTo,
  testDatabases,
} from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The documents are read back as a person would: the text of each PDF page, the DOCX's XML, the QR
// code scanned from a rendered image (pdftoppm), the PDF's fonts and page size.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});
const { appOn } = testDatabases({ beforeAll, afterAll });
const at = (time: string) => new Date(`2026-11-23T${time}:00+08:00`);

/**
 * A complaint registered and taken by the fast lane to the Kepala OPD's signature (Balangan step
 * 8), the field's answer drafted; returns the replier, to go on.
 */
async function toTheSigner(app: TestApp, complaint: Buffer, answer: string) {
  await importSampleDirectory(app);
  await ingest(app, complaint, at('08:00'));
  await app.app.runDelivery();
  const reply = replier(app, { mustAccept: true });
  await reply('admin.aduan@balangankab.go.id', 'JALUR CEPAT pupr');
  await reply('aduan.pupr@balangankab.go.id', 'TERUSKAN');
  await reply('kadis.pupr@balangankab.go.id', 'TERUSKAN');
  await reply('kabid.binamarga@balangankab.go.id', `JAWAB\n${answer}`);
  return reply;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

/** The first QR code on page 1, scanned from a 200 dpi rendering. */
function scanQr(pdf: Uint8Array): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'aduan-qr-'));
  writeFileSync(path.join(dir, 'doc.pdf'), pdf);
  execFileSync('pdftoppm', [
    '-r',
    '200',
    '-png',
    '-singlefile',
    path.join(dir, 'doc.pdf'),
    path.join(dir, 'page'),
  ]);
  const png = PNG.sync.read(readFileSync(path.join(dir, 'page.png')));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/** The CLI as an operator runs it; `file` is written to the path the last argument names first. */
function cli(args: string[], file?: Uint8Array): { code: number; stdout: string } {
  const target = args.find((arg) => arg.endsWith('lain.pdf'));
  if (file && target) writeFileSync(target, file);
  try {
    const stdout = execFileSync(
      process.execPath,
      [path.resolve(import.meta.dirname, '../../bin/aduan.js'), ...args],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { code: failed.status, stdout: failed.stdout };
  }
}

// jsqr is CommonJS whose types declare a default export; at run time the default is module.exports.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

const attached = (mail: ParsedMail, prefix: string) =>
  mail.attachments.find((a) => a.filename?.startsWith(prefix));

describe('documents made by the Balangan SOP', () => {
  // The whole Balangan walk with every document rendered and scanned: ~10 s alone, more on a busy machine.
  it(
    'issues numbered disposition sheets, a draft letter for the signer, and the signed letter with a QR code',
    { timeout: 90_000 },
    async () => {
      t = await appOn('sqlite');
      const app = t;
      await importSampleDirectory(app);
      await ingest(app, example('email-gmail-jalan-rusak.eml'), at('08:00'));
      await app.app.runDelivery();
      const reply = replier(app, { mustAccept: true });
      await reply('admin.aduan@balangankab.go.id', 'TERUSKAN');
      await reply('kasi.kpp@balangankab.go.id', 'TERUSKAN');
      await reply('kabid.ikp@balangankab.go.id', 'TERUSKAN');
      await reply(
        'kadis.kominfo@balangankab.go.id',
        'TERUSKAN pupr\nSegera tinjau lokasi dan laporkan hasilnya.',
      );

      // Step 5: the OPD's admin receives the Kepala Dinas's disposition sheet.
      const received = await taskMailTo(app, 'aduan.pupr@');
      const sheet = attached(received, 'Lembar-Disposisi-')!;
      expect(sheet.filename).toBe('Lembar-Disposisi-000.8.3.4-1-DISKOMINFO-2026.pdf');
      expect(received.text).toContain(
        'Dokumen terlampir (PDF):\n  - Lembar-Disposisi-000.8.3.4-1-DISKOMINFO-2026.pdf',
      );
      const sheetText = await pdfText(sheet.content);
      for (const field of [
        'PEMERINTAH KABUPATEN CONTOH',
        'DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN KABUPATEN BALANGAN',
        'LEMBAR DISPOSISI',
        'Nomor: 000.8.3.4/1/DISKOMINFO/2026',
        'Surat dari : Budi Santoso, melalui e-mail',
        'Nomor Surat : ADU-2026-000001',
        'Nomor Agenda : 1/2026',
        'Sifat : Segera',
        'Perihal : Pengaduan jalan berlubang di Desa Sukamaju',
        'Admin Layanan Aduan OPD/Instansi/BUMD Dinas Pekerjaan Umum dan Penataan Ruang',
        'Tindak lanjuti',
        'Catatan: Segera tinjau lokasi dan laporkan hasilnya.',
        'Paraf elektronik: Drs. Ahmad Fauzan, M.Si',
        'Senin, 23 November 2026 pukul 09.14 WITA',
      ])
        expect(sheetText, sheetText).toContain(field);
      // The ticks are drawn in the PDF; the DOCX of the same sheet spells them out.
      const complaintId = (await app.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001'))!.id;
      const [stored] = await app.app.store.repos.documents.listForComplaint(complaintId);
      const sheetXml = strFromU8(
        unzipSync((await app.app.store.repos.attachments.readBlob(stored!.docxSha256))!)[
          'word/document.xml'
        ]!,
      );
      expect(sheetXml).toMatch(/☑ <\/w:t>.*?Laporkan hasilnya/);
      expect(sheetXml).toMatch(/☐ <\/w:t>.*?Arsipkan/);
      const sheetPdf = await PDFDocument.load(sheet.content);
      expect(sheetPdf.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
      expect(Buffer.from(sheet.content).toString('latin1')).toContain('/FontFile2');

      await reply('aduan.pupr@balangankab.go.id', 'TERUSKAN');
      await reply('kadis.pupr@balangankab.go.id', 'TERUSKAN\nPelajari dan konsep balasan.');
      await reply(
        'kabid.binamarga@balangankab.go.id',
        'JAWAB\nPerbaikan jalan poros Desa Sukamaju dijadwalkan 7 Desember 2026.\n\nSelama menunggu, rambu peringatan dipasang di dua titik lubang terdalam.',
      );

      // Step 8: the Kepala OPD receives the draft to sign, with both disposition sheets.
      const toSign = await taskMailTo(app, 'kadis.pupr@');
      expect(toSign.attachments.map((a) => a.filename)).toEqual([
        'Lembar-Disposisi-000.8.3.4-1-DISKOMINFO-2026.pdf',
        'Lembar-Disposisi-000.8.3.4-1-PUPR-2026.pdf',
        'Surat-Tanggapan-ADU-2026-000001-konsep.pdf',
      ]);
      const draftText = await pdfText(attached(toSign, 'Surat-Tanggapan-')!.content);
      expect(draftText).toContain('KONSEP — BELUM DITANDATANGANI');
      expect(draftText).toContain('Nomor : (diberikan saat ditandatangani)');
      expect(draftText).toContain('Perbaikan jalan poros Desa Sukamaju dijadwalkan 7 Desember 2026.');

      await reply('kadis.pupr@balangankab.go.id', 'SETUJU');
      const letters = (
        await app.app.store.repos.documents.listForComplaint(
          (await app.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001'))!.id,
        )
      ).filter((d) => d.kind === 'surat_tanggapan');
      expect(letters.map((d) => [d.version, d.status, d.number])).toEqual([
        [1, 'superseded', null],
        [2, 'signed', '000.8.3.4/1/PUPR/2026'],
      ]);
      const signed = letters[1]!;

      // Step 9 carries the signed letter: its bytes are the ones recorded, its QR the code.
      const sending = await taskMailTo(app, 'aduan.pupr@');
      const letter = attached(sending, 'Surat-Tanggapan-')!;
      expect(letter.filename).toBe('Surat-Tanggapan-000.8.3.4-1-PUPR-2026.pdf');
      expect(createHash('sha256').update(letter.content).digest('hex')).toBe(signed.pdfSha256);
      const letterText = await pdfText(letter.content);
      for (const field of [
        'DINAS PEKERJAAN UMUM DAN PENATAAN RUANG',
        'Nomor : 000.8.3.4/1/PUPR/2026',
        'Hal : Tanggapan atas Pengaduan Nomor ADU-2026-000001',
        'Yth. Bapak/Ibu Budi Santoso',
        'Menindaklanjuti pengaduan Bapak/Ibu',
        'Selama menunggu, rambu peringatan dipasang',
        'Ditandatangani secara elektronik',
        signed.verificationCode!,
        'Tembusan: 1. Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan',
      ])
        expect(letterText).toContain(field);
      expect(letterText).not.toContain('KONSEP');
      expect(scanQr(letter.content)).toBe(`ADUAN-VERIFIKASI:${signed.verificationCode}`);

      // The same letter as DOCX: the stored Word file says the same.
      const docx = await app.app.store.repos.attachments.readBlob(signed.docxSha256);
      const xml = strFromU8(unzipSync(docx!)['word/document.xml']!);
      for (const field of [
        '000.8.3.4/1/PUPR/2026',
        'Yth. Bapak/Ibu Budi Santoso',
        'Ditandatangani secara elektronik',
      ])
        expect(xml).toContain(field);

      // `aduan verify` says the file is ours and unaltered; one byte changed, it says so.
      const dir = mkdtempSync(path.join(tmpdir(), 'aduan-verify-'));
      const original = path.join(dir, letter.filename!);
      writeFileSync(original, letter.content);
      const changed = Buffer.from(letter.content);
      changed[Math.floor(changed.length / 2)]! ^= 0x01;
      writeFileSync(path.join(dir, 'diubah.pdf'), changed);
      const db = ['--db', app.app.config.database.url];
      const ok = cli(['verify', original, ...db]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(
        'SAH: Surat tanggapan nomor 000.8.3.4/1/PUPR/2026 (pengaduan ADU-2026-000001), ditandatangani/diparaf oleh kadis.pupr@balangankab.go.id pada Senin, 23 November 2026 pukul',
      );
      const tampered = cli(['verify', path.join(dir, 'diubah.pdf'), ...db]);
      expect(tampered.code).toBe(2);
      expect(tampered.stdout).toMatch(
        /^DIUBAH: .* mengaku sebagai Surat tanggapan nomor 000\.8\.3\.4\/1\/PUPR\/2026/,
      );
      const elsewhere = await PDFDocument.create();
      elsewhere.addPage();
      const stranger = cli(
        ['verify', original.replace(letter.filename!, 'lain.pdf'), ...db],
        await elsewhere.save(),
      );
      expect(stranger.code).toBe(1);
      expect(stranger.stdout).toContain('TIDAK DIKENAL');
      // `aduan doc render` writes the stored files back out.
      const rendered = cli([
        'doc',
        'render',
        'tanggapan',
        '--complaint',
        'ADU-2026-000001',
        '--format',
        'docx',
        '--out',
        path.join(dir, 'surat.docx'),
        ...db,
      ]);
      expect(rendered.stdout).toContain('surat.docx: 000.8.3.4/1/PUPR/2026 (versi 2, signed)');
      expect(
        createHash('sha256')
          .update(readFileSync(path.join(dir, 'surat.docx')))
          .digest('hex'),
      ).toBe(signed.docxSha256);

      await reply('aduan.pupr@balangankab.go.id', 'KIRIM');
      await reply('kadis.kominfo@balangankab.go.id', 'TERUSKAN');
      await reply('admin.aduan@balangankab.go.id', 'JAWAB');
      const answer = (await outboxMails(app)).find((m) => m.headers.get('x-aduan-kind') === 'answer')!;
      expect(recipientOf(answer)).toBe('budi.santoso.skm@gmail.com');
      expect(answer.attachments.map((a) => a.filename)).toEqual([
        'Surat-Tanggapan-000.8.3.4-1-PUPR-2026.pdf',
      ]);
    },
  );

  it('takes the letter signed by hand: the scanned PDF the signer sends back is the signed version', async () => {
    t = await appOn('sqlite');
    const app = t;
    await toTheSigner(app, example('email-gmail-jalan-rusak.eml'), 'Perbaikan dijadwalkan 7 Desember 2026.');
    const toSign = await taskMailTo(app, 'kadis.pupr@');
    // The head prints the draft, signs it, and the secretary scans it back as one PDF.
    const scan = await PDFDocument.create();
    scan.addPage([609.45, 935.43]).drawText('Surat tanggapan, ditandatangani basah', { x: 72, y: 800 });
    const scanned = Buffer.from(await scan.save());
    const result = await ingest(
      app,
      await composeMail({
        from: 'kadis.pupr@balangankab.go.id',
        to: toSign.replyTo!.value[0]!.address!,
        subject: `Re: ${toSign.subject}`,
        text: 'TTD\nTerlampir surat yang sudah saya tanda tangani.',
        inReplyTo: toSign.messageId!,
        attachments: [
          { filename: 'scan-surat-tanggapan.pdf', content: scanned, contentType: 'application/pdf' },
        ],
      }),
      at('10:00'),
    );
    expect(result.reason).toBe('SETUJU accepted');
    await app.app.runDelivery();
    const complaintId = (await app.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001'))!.id;
    const signed = (await app.app.store.repos.documents.listForComplaint(complaintId)).at(-1)!;
    expect(signed).toMatchObject({
      kind: 'surat_tanggapan',
      status: 'signed',
      number: '000.8.3.4/1/PUPR/2026',
    });
    expect(signed.pdfSha256).toBe(createHash('sha256').update(scanned).digest('hex'));
    const next = await taskMailTo(app, 'aduan.pupr@');
    expect(attached(next, 'Surat-Tanggapan-')!.content.equals(scanned)).toBe(true);
    const confirmation = (await outboxMails(app)).find((m) => m.subject?.includes('Diterima: SETUJU'))!;
    expect(confirmation.text).toContain(
      'PDF bertanda tangan yang Anda lampirkan disimpan sebagai surat yang sah',
    );
  });

  it('leaves a confidential complainant out of the disposition sheet and the letter the OPD writes', async () => {
    t = await appOn('sqlite');
    const app = t;
    await toTheSigner(
      app,
      await composeMail({
        from: 'Budi Santoso <budi.santoso.skm@gmail.com>',
        subject: '[RAHASIA] Pungutan liar perbaikan jalan desa',
        text: 'Nama: Budi Santoso\nNIK: 6308011203850002\n\nPetugas meminta Rp 500.000 agar jalan desa kami diperbaiki.',
      }),
      'Petugas yang bersangkutan telah diperiksa Inspektorat.',
    );
    const toSign = await taskMailTo(app, 'kadis.pupr@');
    for (const file of toSign.attachments) {
      const text = await pdfText(file.content);
      expect(text, file.filename).not.toContain('Budi');
      expect(text, file.filename).not.toContain('6308011203850002');
    }
    const sheet = await pdfText(attached(toSign, 'Lembar-Disposisi-')!.content);
    expect(sheet).toContain('Surat dari : Pelapor (identitas dirahasiakan), melalui e-mail');
    expect(sheet).toContain('Sifat : Rahasia');
    expect(await pdfText(attached(toSign, 'Surat-Tanggapan-')!.content)).toContain('Yth. Pelapor');
  });
});

/** A self-signed certificate and key as a PKCS#12 file, as an office's BSrE export would be. */
function certificateFile(passphrase: string): string {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2028-01-01T00:00:00Z');
  const subject = [
    { name: 'commonName', value: 'Kepala Dinas PUPR Kabupaten Balangan' },
    { name: 'organizationName', value: 'Pemerintah Kabupaten Balangan' },
    { name: 'countryName', value: 'ID' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const der = forge.asn1.toDer(
    forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], passphrase, { algorithm: '3des' }),
  );
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'aduan-p12-')), 'kantor.p12');
  writeFileSync(file, Buffer.from(der.getBytes(), 'binary'));
  return file;
}

describe('with the office certificate (documents.signing)', () => {
  it('puts a PAdES signature into the signed letter that pdfsig validates, and breaks on a changed byte', async () => {
    const p12File = certificateFile('rahasia-kantor');
    t = await startTestApp({ documents: { signing: { p12File, passphrase: 'rahasia-kantor' } } });
    const app = t;
    const reply = await toTheSigner(
      app,
      example('email-gmail-jalan-rusak.eml'),
      'Perbaikan dijadwalkan 7 Desember 2026.',
    );
    await reply('kadis.pupr@balangankab.go.id', 'TTD');
    const letter = attached(await taskMailTo(app, 'aduan.pupr@'), 'Surat-Tanggapan-')!;
    const dir = mkdtempSync(path.join(tmpdir(), 'aduan-pades-'));
    writeFileSync(path.join(dir, 'surat.pdf'), letter.content);
    const report = execFileSync('pdfsig', [path.join(dir, 'surat.pdf')], { encoding: 'utf8' });
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signer Certificate Common Name: Kepala Dinas PUPR Kabupaten Balangan');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(await pdfText(letter.content)).toContain('Ditandatangani secara elektronik');
    const db = ['--db', app.app.config.database.url];
    expect(cli(['verify', path.join(dir, 'surat.pdf'), ...db]).code).toBe(0);

    const changed = Buffer.from(letter.content);
    changed[Math.floor(changed.length / 3)]! ^= 0x01; // inside the signed range
    writeFileSync(path.join(dir, 'diubah.pdf'), changed);
    const broken = spawnSync('pdfsig', [path.join(dir, 'diubah.pdf')], { encoding: 'utf8' }).stdout;
    expect(broken).not.toContain('Signature Validation: Signature is Valid.');
  });

  it('refuses to start with a wrong passphrase, naming the key and the fix', async () => {
    const p12File = certificateFile('rahasia-kantor');
    await expect(startTestApp({ documents: { signing: { p12File, passphrase: 'salah' } } })).rejects.toThrow(
      /documents\.signing\.passphrase[\s\S]*ADUAN_SIGNING_PASSPHRASE/,
    );
  });
});

describe.each(['sqlite', 'postgresql'] as const)('document numbers on %s', (dialect) => {
  it('are gapless and unique under 50 parallel requests, and a rolled-back number is given again', async () => {
    t = await appOn(dialect);
    const { store } = t.app;
    const deps = t.app.intakeDeps;
    const when = at('10:00');
    const numbers = await Promise.all(
      Array.from({ length: 50 }, () =>
        store.transaction((repos) => nextDocumentNumber(repos, 'surat_tanggapan', 'pupr', when, deps)),
      ),
    );
    const sequence = numbers.map((n) => Number(n.number.split('/')[1])).sort((a, b) => a - b);
    expect(sequence).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
    expect(new Set(numbers.map((n) => n.number)).size).toBe(50);

    await expect(
      store.transaction(async (repos) => {
        await nextDocumentNumber(repos, 'surat_tanggapan', 'pupr', when, deps);
        throw new Error('the letter could not be stored');
      }),
    ).rejects.toThrow('could not be stored');
    const after = await store.transaction((repos) =>
      nextDocumentNumber(repos, 'surat_tanggapan', 'pupr', when, deps),
    );
    expect(after.number).toBe('000.8.3.4/51/PUPR/2026');
    // Another unit and another kind count on their own; a new year starts again at 1.
    const other = await store.transaction((repos) =>
      nextDocumentNumber(repos, 'lembar_disposisi', 'pupr', new Date('2027-01-04T08:00:00+08:00'), deps),
    );
    expect(other.number).toBe('000.8.3.4/1/PUPR/2027');
  });
});
