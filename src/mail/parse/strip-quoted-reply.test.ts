import { describe, expect, it } from 'vitest';
import { stripQuotedReply } from './strip-quoted-reply.ts';

describe('stripQuotedReply', () => {
  it.each([
    [
      'Gmail (Indonesian, one line)',
      'NIK saya 6311.\n\nPada Sen, 23 Nov 2026 pukul 08.31 Layanan <a@b.id> menulis:\n> Yth. Bapak',
    ],
    [
      'Gmail (English, wrapped)',
      'NIK saya 6311.\n\nOn Mon, Nov 23, 2026 at 8:31 AM Layanan Pengaduan <\na@b.id> wrote:\n\n> Dear',
    ],
    [
      'Yahoo',
      'NIK saya 6311.\n\n   Pada Senin, 23 November 2026 08.31.00 WITA, Layanan <a@b.id> menulis:  \n\n Yth.',
    ],
    ['Outlook separator', 'NIK saya 6311.\n\n-----Original Message-----\nFrom: Layanan\nSent: Monday'],
    ['Outlook (Indonesian) separator', 'NIK saya 6311.\n\n-----Pesan Asli-----\nDari: Layanan'],
    [
      'Outlook header block',
      'NIK saya 6311.\n\n________________________________\nDari: Layanan Pengaduan <a@b.id>\nDikirim: Senin',
    ],
    [
      'Outlook header block without a rule',
      'NIK saya 6311.\n\nFrom: Layanan Pengaduan <a@b.id>\nSent: Monday, 23 November 2026 08:31\nTo: Andi',
    ],
    ['">" quoting only', 'NIK saya 6311.\n\n> Yth. Bapak/Ibu\n> Pengaduan Anda'],
  ])('%s', (_client, text) => {
    expect(stripQuotedReply(text)).toBe('NIK saya 6311.');
  });

  it('keeps a forward, and the words of a bottom-poster', () => {
    const forward = 'Mohon dibantu.\n\n---------- Forwarded message ---------\nDari: Budi\nTanggal: Sen';
    expect(stripQuotedReply(forward)).toBe(forward);
    expect(stripQuotedReply('> Yth. Bapak/Ibu\n> Pengaduan Anda\n\nNIK saya 6311.')).toBe('NIK saya 6311.');
  });
});
