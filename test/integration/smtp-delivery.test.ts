import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSenderCheck } from '../../src/security/sender-check.ts';
import { example, ingest } from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The outbox over SMTP, to a real SMTP receiver on a loopback port: what arrives, and what a 4xx
// or 5xx answer does to the mail.

const received: { from: string; to: string[]; mail: ParsedMail; raw: Buffer }[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('tidak.ada')) {
        return callback(Object.assign(new Error('5.1.1 <tidak.ada> User unknown'), { responseCode: 550 }));
      }
      if (address.address.startsWith('kotak.penuh')) {
        return callback(Object.assign(new Error('4.2.2 Mailbox full, try later'), { responseCode: 452 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              mail,
              raw,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose(); // closes the pooled connection before the server goes
  t = undefined;
  received.length = 0;
});

const MONDAY = new Date('2026-11-23T08:00:00+08:00');

describe('delivery over SMTP', () => {
  it('sends the acknowledgement to the citizen with our Message-ID, threading and automatic-mail headers', async () => {
    t = await startTestApp({ delivery: { type: 'smtp', host: '127.0.0.1', port, secure: false } });
    const result = await ingest(t, example('email-gmail-jalan-rusak.eml'), MONDAY);
    expect(await t.app.runDelivery()).toEqual({ sent: 1, failed: 0 });

    expect(received).toHaveLength(1);
    const [{ from, to, mail }] = received as [(typeof received)[number]];
    expect(from).toBe('pengaduan@balangankab.go.id');
    expect(to).toEqual(['budi.santoso.skm@gmail.com']);
    const row = await t.app.store.repos.outbox.findByMessageId(mail.messageId!);
    expect(row).toMatchObject({ status: 'sent', to: 'budi.santoso.skm@gmail.com' });
    expect(mail.messageId).toBe(`<${row!.id}@balangankab.go.id>`);
    expect(mail.subject).toContain(`[${result.tracking}] Tanda terima pengaduan`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.headers.get('x-aduan-tracking')).toBe(result.tracking);
    expect(mail.inReplyTo).toBeDefined();
  });

  it('sends the text with an HTML alternative in the office layout, where a citizen’s markup stays text', async () => {
    t = await startTestApp({ delivery: { type: 'smtp', host: '127.0.0.1', port, secure: false } });
    const hostile = example('email-gmail-jalan-rusak.eml')
      .toString('latin1')
      .replace(
        /^Subject: .*$/m,
        'Subject: Jalan rusak <img src=http://penipu.example/x.gif onerror=alert(1)>',
      );
    await ingest(t, hostile, MONDAY);
    await t.app.runDelivery();

    const [{ mail }] = received as [(typeof received)[number]];
    expect(mail.text).toContain('Pengaduan Anda telah kami terima dan catat');
    const html = mail.html as string;
    expect(html).toContain('Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan');
    expect(html).toContain('Pengaduan Anda telah kami terima dan catat');
    expect(html).toContain('white-space:pre-wrap');
    expect(html).toContain('&lt;img src&#x3D;http://penipu.example/x.gif onerror&#x3D;alert(1)&gt;');
    expect(html).not.toMatch(/<img|<script|<a /i);
  });

  it('gives a mail up on a 5xx answer, on the record, and tries a 4xx answer again later', async () => {
    t = await startTestApp({ delivery: { type: 'smtp', host: '127.0.0.1', port, secure: false } });
    const now = t.clock.now;
    const queue = (dedupeKey: string, to: string) =>
      t!.app.store.repos.outbox.enqueue({ dedupeKey, to, subject: 'Pemberitahuan', text: 'Isi' }, now);
    const gone = await queue('test:gone', 'tidak.ada@contoh.go.id');
    const full = await queue('test:full', 'kotak.penuh@contoh.go.id');
    await queue('test:fine', 'ada@contoh.go.id');

    expect(await t.app.runDelivery()).toEqual({ sent: 1, failed: 2 });
    expect(received.map((r) => r.to)).toEqual([['ada@contoh.go.id']]);
    expect(await t.app.store.repos.outbox.findById(gone.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('answered 550'),
    });
    const retry = await t.app.store.repos.outbox.findById(full.id);
    expect(retry).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('answered 452'),
    });
    expect(retry!.nextAttemptAt.getTime()).toBe(now.getTime() + 60_000);
    expect(await t.app.store.repos.outbox.countByStatus()).toEqual({ pending: 1, sent: 1, failed: 1 });
  });

  it('keeps a mail for later when the server cannot be reached', async () => {
    t = await startTestApp({ delivery: { type: 'smtp', host: '127.0.0.1', port: 1, secure: false } });
    await t.app.store.repos.outbox.enqueue(
      { dedupeKey: 'test:later', to: 'ada@contoh.go.id', subject: 'Pemberitahuan', text: 'Isi' },
      t.clock.now,
    );
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 1 });
    expect(await t.app.store.repos.outbox.countByStatus()).toEqual({ pending: 1, sent: 0, failed: 0 });
  });

  it("signs every mail with the office's DKIM key, so receivers can verify it", async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'dkim-')), 'kantor.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    t = await startTestApp({
      delivery: {
        type: 'smtp',
        host: '127.0.0.1',
        port,
        secure: false,
        dkim: { domain: 'balangankab.go.id', selector: 'kantor', privateKeyFile: keyFile },
      },
    });
    await ingest(t, example('email-gmail-jalan-rusak.eml'), MONDAY);
    await t.app.runDelivery();
    const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
    const resolver = async (name: string, type: string) => {
      if (type === 'TXT' && name === 'kantor._domainkey.balangankab.go.id') return [[record]];
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    };
    const verdict = await createSenderCheck({ require: 'dkim', resolver })(
      received[0]!.raw,
      'pengaduan@balangankab.go.id',
    );
    expect(verdict).toEqual({ ok: true, reason: 'dkim=pass d=balangankab.go.id' });
  });

  it('refuses to start with a DKIM key it cannot read, naming the key', async () => {
    await expect(
      startTestApp({
        delivery: {
          type: 'smtp',
          host: '127.0.0.1',
          port,
          secure: false,
          dkim: { domain: 'balangankab.go.id', selector: 'kantor', privateKeyFile: '/tidak/ada/kunci.pem' },
        },
      }),
    ).rejects.toThrow(/delivery\.dkim\.privateKeyFile: cannot read \/tidak\/ada\/kunci\.pem \(ENOENT\)/);
  });
});
