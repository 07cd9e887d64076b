import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { automaticMailReason } from './automatic-mail.ts';
import { parseMessage, safeFileName } from './parse-message.ts';
import { stripQuotedReply } from './strip-quoted-reply.ts';

// Real-looking mail from test/fixtures/mail (see its README) and examples/mail, parsed as intake does.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => parseMessage(readFileSync(path.join(ROOT, 'test/fixtures/mail', name)));
const example = (name: string) => parseMessage(readFileSync(path.join(ROOT, 'examples/mail', name)));
const OUR_ACK = '<01a2f3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b@balangankab.go.id>';

describe('parseMessage: text', () => {
  it('renders HTML-only mail to safe text: nothing that runs or calls out survives', async () => {
    const message = await fixture('html-only-hostile.eml');
    expect(message.text).toContain(
      'Saya ingin melaporkan pungutan liar di loket pelayanan KTP-el Kecamatan Juai.',
    );
    expect(message.text).toContain(
      'Petugas meminta uang Rp 50.000 agar KTP cepat jadi & tidak memberi kuitansi.',
    );
    expect(message.text).toContain('Bukti foto: lihat di sini atau unduh.');
    expect(message.text).toContain('Nama: Dewi Lestari\nNo. HP: 0857-5123-9087');
    for (const bad of [
      '<',
      'script',
      'alert',
      'onerror',
      'onload',
      'javascript',
      'http',
      'cookie',
      'font-family',
      'bingkai',
    ])
      expect(message.text).not.toContain(bad);
  });

  it('decodes an ISO-8859-1 body and an RFC 2047 subject', async () => {
    const message = await fixture('iso-8859-1-subject-rfc2047.eml');
    expect(message.subject).toBe('Antrean KTP-el ±3 jam, ruang tunggu 35°C di Disdukcapil');
    expect(message.text).toContain('antre ±3 jam');
    expect(message.text).toContain('mencapai 35°C');
    expect(message.text).toContain('½ warga');
    expect(message.text).toContain('Café Sari');
  });

  it('decodes windows-1252 (Outlook through Yahoo)', async () => {
    const message = await example('email-yahoo-sampah-windows1252.eml');
    expect(message.text).toContain('“Café Melati”');
    expect(message.subject).toMatch(/^\[ANONIM\]/);
  });

  it('reads a mail without Message-ID', async () => {
    const message = await fixture('no-message-id.eml');
    expect(message.messageId).toBeNull();
    expect(message.from).toEqual({ address: 'koptanimakmur@plasa.example', name: 'Koperasi Tani Makmur' });
    expect(message.text).toContain('pupuk bersubsidi');
  });

  it('keeps an attachment-only mail: no text, the PDF letter', async () => {
    const message = await fixture('attachment-only.eml');
    expect(message.text).toBe('');
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]).toMatchObject({
      filename: 'Surat Pengaduan Banjir RT 05.pdf',
      contentType: 'application/pdf',
      inline: false,
    });
    expect(Buffer.from(message.attachments[0]!.content).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('parseMessage: attachment names', () => {
  it('never lets a name climb out of a folder or hide its extension', async () => {
    const message = await fixture('path-traversal-attachment-name.eml');
    expect(message.attachments.map((a) => a.filename)).toEqual(['etc_passwd', 'foto-lampugpj.exe']);
  });

  it.each([
    ['../../etc/passwd', 'etc_passwd'],
    ['..\\..\\Windows\\win.ini', 'Windows_win.ini'],
    ['/absolute/path.pdf', 'absolute_path.pdf'],
    ['surat\u202Efdp.exe', 'suratfdp.exe'],
    ['foto\u2066.jpg\u2069.scr', 'foto.jpg.scr'],
    ['.bashrc', 'bashrc'],
    ['nama\u0000dengan\u0007kontrol.txt', 'namadengankontrol.txt'],
    ['laporan. ', 'laporan'],
    ['..', 'lampiran-3.pdf'],
  ])('%j → %s', (name, safe) => {
    expect(safeFileName(name, 2, 'application/pdf')).toBe(safe);
  });
});

describe('parseMessage: bounces', () => {
  it('reads a Postfix DSN: who failed, why, and which of our mails', async () => {
    const message = await fixture('dsn-bounce-postfix.eml');
    expect(message.deliveryReport).toEqual({
      format: 'dsn',
      recipients: [
        {
          address: 'budi.santoso.skm@gmial.com',
          action: 'failed',
          status: '5.4.4',
          diagnostic:
            'X-Postfix; Host or domain name not found. Name service error for name=gmial.com type=AAAA: Host not found',
        },
      ],
      originalMessageId: OUR_ACK,
    });
    // The report's parts are not attachments of anything.
    expect(message.attachments).toEqual([]);
  });

  it('reads an Exchange NDR with only the returned headers', async () => {
    const message = await fixture('dsn-bounce-exchange.eml');
    expect(message.deliveryReport).toMatchObject({
      format: 'dsn',
      recipients: [{ address: 'rina.wulandari@pt-sumberjaya.co.id', action: 'failed', status: '5.1.10' }],
      originalMessageId: OUR_ACK,
    });
  });

  it('is not fooled by ordinary mail', async () => {
    for (const name of ['html-only-hostile.eml', 'ooo-english-outlook.eml', 'own-mail-returning.eml'])
      expect((await fixture(name)).deliveryReport).toBeNull();
  });
});

describe('automatic mail', () => {
  it.each([
    ['ooo-indonesian.eml', /^out-of-office reply \(subject "Di Luar Kantor: /],
    ['ooo-english-outlook.eml', /^automatic reply \(Auto-Submitted: auto-generated\)$/],
    ['mailing-list-bulk.eml', /^mailing-list mail \(List-Id: /],
  ])('%s is %s', async (name, reason) => {
    expect(automaticMailReason(await fixture(name))).toMatch(reason);
  });

  it('lets citizens through', async () => {
    for (const name of [
      'html-only-hostile.eml',
      'follow-up-gmail-reply.eml',
      'follow-up-stranger-quotes-tracking.eml',
    ])
      expect(automaticMailReason(await fixture(name))).toBeNull();
  });
});

describe('a reply without its quote', () => {
  it("cuts Gmail's wrapped Indonesian attribution and the quoted acknowledgement", async () => {
    const message = await fixture('follow-up-gmail-reply.eml');
    expect(message.inReplyTo).toBe(OUR_ACK);
    expect(stripQuotedReply(message.text)).toBe(
      [
        'Selamat pagi Bapak/Ibu,',
        '',
        'Menjawab permintaan di atas, berikut saya lengkapi identitas saya:',
        '',
        'NIK: 6311021503910000',
        'No. HP/WA: 0813-5072-4418',
        '',
        'Terima kasih.',
        '',
        'Salam,',
        'Andi Pratama',
      ].join('\n'),
    );
  });
});
