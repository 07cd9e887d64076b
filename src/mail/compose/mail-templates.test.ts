import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../../config/paths.ts';
import { createMailTemplates, formatFileSize } from './mail-templates.ts';

const render = createMailTemplates(TEMPLATES_DIR);
/** Everything tanda-terima.hbs may use; the templates are strict, so a missing key throws. */
const acknowledgement = {
  trackingNumber: 'ADU-2026-000007',
  name: null,
  subject: 'Pengaduan Air PDAM tidak mengalir',
  receivedAt: 'Jumat, 20 November 2026 pukul 16.43 WITA',
  firstDue: 'Senin, 23 November 2026 pukul 08.30 WITA',
  expectedAnswer: 'Rabu, 2 Desember 2026 pukul 16.00 WITA',
  channel: 'fax',
  replyBy: 'fax',
  missing: ['nik', 'contact'],
  attachments: [{ filename: 'fax000000347.pdf', size: 50_850, inline: false, fax: true }],
  omitted: [{ filename: 'video.mp4', size: 31_457_280, limit: 26_214_400 }],
  maxAttachmentBytes: 26_214_400,
  needsTranscription: true,
  officeName: 'Dinas Kominfo Kabupaten Balangan',
  sopName: 'SOP Balangan',
};

describe('mail templates', () => {
  it('writes the acknowledgement of a fax: received parts, kept-out parts, transcription, what is missing', () => {
    const mail = render('tanda-terima', 'id', acknowledgement);
    expect(mail.subject).toBe('[ADU-2026-000007] Tanda terima pengaduan: Pengaduan Air PDAM tidak mengalir');
    expect(mail.text).toContain('  Lampiran        :\n    - fax000000347.pdf (49,7 KB), arsip faks\n');
    expect(mail.text).toContain('melebihi batas 25 MB per lampiran:\n  - video.mp4 (30 MB)\n');
    expect(mail.text).toContain('Faks Anda belum dapat dibaca secara otomatis');
    expect(mail.text).toContain('paling lambat Rabu, 2 Desember 2026 pukul 16.00 WITA');
    expect(mail.text).toContain(
      '  - NIK (16 digit)\n  - nomor telepon/HP atau alamat email yang dapat dihubungi\n',
    );
    expect(mail.text).toContain('kirim faks atau email dengan mencantumkan nomor pengaduan ADU-2026-000007');
    expect(mail.text).not.toMatch(/\n{3,}/);
  });

  it('writes the English one from the same data', () => {
    const mail = render('tanda-terima', 'en', {
      ...acknowledgement,
      channel: 'email',
      replyBy: 'email',
      omitted: [],
    });
    expect(mail.text).toContain('    - fax000000347.pdf (49.7 KB), fax archive\n');
    expect(mail.text).toContain('We expect to answer your complaint by Rabu, 2 Desember 2026');
    expect(mail.text).not.toContain('did NOT keep');
  });

  it('fails loudly when the data lacks a field', () => {
    const { expectedAnswer: _dropped, ...incomplete } = acknowledgement;
    expect(() => render('tanda-terima', 'id', incomplete)).toThrow(/expectedAnswer/);
  });

  it.each([
    [512, 'id', '512 byte'],
    [13_014, 'id', '12,7 KB'],
    [13_014, 'en', '12.7 KB'],
    [1_048_576, 'id', '1 MB'],
    [26_214_400, 'en', '25 MB'],
    [157_286_400, 'id', '150 MB'],
  ] as const)('%d bytes in %s → %s', (bytes, language, shown) => {
    expect(formatFileSize(bytes, language)).toBe(shown);
  });
});
