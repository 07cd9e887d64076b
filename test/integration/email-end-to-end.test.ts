import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { example, importSampleDirectory } from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Everyone has a real mailbox: the citizen, the desk (pengaduan) and every official are Dovecot
// accounts; mail between them goes through a real SMTP receiver that delivers into those
// mailboxes. The service reads its mailbox over IMAP and sends over SMTP, as in production; the
// officials read their task mails over IMAP and answer them as a mail client would.

const DOMAIN = 'balangankab.go.id';
const OFFICIALS = [
  'admin.aduan',
  'kasi.kpp',
  'kabid.ikp',
  'kadis.kominfo',
  'aduan.pupr',
  'kadis.pupr',
  'kabid.binamarga',
];
const CITIZEN = 'budi.santoso.skm';

let dovecot: DovecotServer;
let smtp: SMTPServer;
let smtpPort: number;
let t: TestApp;

beforeAll(async () => {
  dovecot = await startDovecot({ users: ['pengaduan', CITIZEN, ...OFFICIALS] });
  // The MTA: each recipient's local part (before any +tag) is a Dovecot account.
  smtp = new SMTPServer({
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        Promise.all(
          session.envelope.rcptTo.map((rcpt) =>
            dovecot.appendRaw(rcpt.address.split('@')[0]!.split('+')[0]!, 'INBOX', raw),
          ),
        ).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  t = await startTestApp({
    mailboxes: [dovecot.mailbox('pengaduan', { idle: false })],
    delivery: { type: 'smtp', host: '127.0.0.1', port: smtpPort, secure: false },
  });
  await importSampleDirectory(t);
});

afterAll(async () => {
  await t?.dispose();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await dovecot?.stop();
});

/** One mail client sending through the MTA, as the citizen or an official would. */
async function send(raw: Buffer, from: string, to: string): Promise<void> {
  const client = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  await client.sendMail({ envelope: { from, to }, raw });
  client.close();
}

/** The messages in a user's INBOX, parsed. */
async function inbox(user: string): Promise<ParsedMail[]> {
  const client = await dovecot.client(user);
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const mails: ParsedMail[] = [];
    if (client.mailbox && client.mailbox.exists) {
      for await (const message of client.fetch('1:*', { source: true }))
        mails.push(await simpleParser(message.source!));
    }
    return mails;
  } finally {
    await client.logout();
  }
}

/** The service's cycle: take the desk's mail over IMAP, send the outbox over SMTP. */
async function cycle(): Promise<void> {
  t.clock.now = new Date(t.clock.now.getTime() + 5 * 60_000);
  await t.app.runIntake();
  await t.app.runDelivery();
}

describe('one complaint through the whole Balangan SOP, every mailbox real', () => {
  it('reaches the citizen’s answer with each official replying from their own mailbox', async () => {
    const complaint = example('email-gmail-jalan-rusak.eml')
      .toString('latin1')
      .replaceAll('budi.santoso.skm@gmail.com', `${CITIZEN}@${DOMAIN}`);
    await send(Buffer.from(complaint, 'latin1'), `${CITIZEN}@${DOMAIN}`, `pengaduan@${DOMAIN}`);
    await cycle();
    const acknowledgement = (await inbox(CITIZEN)).find(
      (m) => m.headers.get('x-aduan-kind') === 'acknowledgement',
    );
    expect(acknowledgement?.subject).toMatch(/^\[ADU-2026-000001\] Tanda terima pengaduan/);

    const replies: [string, string][] = [
      ['admin.aduan', 'TERUSKAN'],
      ['kasi.kpp', 'TERUSKAN'],
      ['kabid.ikp', 'TERUSKAN'],
      ['kadis.kominfo', 'TERUSKAN pupr\nMohon segera ditinjau.'],
      ['aduan.pupr', 'TERUSKAN'],
      ['kadis.pupr', 'TERUSKAN'],
      ['kabid.binamarga', 'JAWAB\nPerbaikan jalan poros Desa Sukamaju dijadwalkan 7 Desember 2026.'],
      ['kadis.pupr', 'SETUJU'],
      ['aduan.pupr', 'KIRIM'],
      ['kadis.kominfo', 'TERUSKAN'],
      ['admin.aduan', 'JAWAB'],
    ];
    for (const [official, text] of replies) {
      const tasks = (await inbox(official)).filter((m) => m.headers.get('x-aduan-kind') === 'task');
      const task = tasks.at(-1);
      expect(task, `${official} has a task mail`).toBeDefined();
      // Outlook-style reply: the command on top, the task mail quoted under a From:/Sent: block.
      const reply = await composeReply(task!, `${official}@${DOMAIN}`, text);
      await send(reply, `${official}@${DOMAIN}`, task!.replyTo!.value[0]!.address!);
      await cycle();
      const replyId = (await simpleParser(reply)).messageId;
      const confirmation = (await inbox(official)).find((m) => m.inReplyTo === replyId);
      expect(confirmation?.subject, `${official}: ${text}`).toMatch(/\] Diterima: /);
    }

    const answer = (await inbox(CITIZEN)).find((m) => m.headers.get('x-aduan-kind') === 'answer');
    expect(answer?.text).toContain('Perbaikan jalan poros Desa Sukamaju dijadwalkan 7 Desember 2026.');
    const stored = await t.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001');
    expect(stored).toMatchObject({ status: 'answered', currentStepId: null, opdUnitCode: 'pupr' });
    // The desk's mailbox kept everything, moved to the processed folder, nothing deleted.
    expect(await dovecot.count('pengaduan', 'INBOX')).toBe(0);
    expect(await dovecot.count('pengaduan', 'Diproses')).toBe(1 + replies.length);
  });
});

async function composeReply(task: ParsedMail, from: string, text: string): Promise<Buffer> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const quoted = [
    '________________________________',
    `From: ${task.from?.text ?? ''}`,
    `Sent: ${task.date?.toUTCString() ?? ''}`,
    `Subject: ${task.subject ?? ''}`,
    '',
    task.text ?? '',
  ].join('\n');
  const info = await composer.sendMail({
    from,
    to: task.replyTo!.value[0]!.address!,
    subject: `RE: ${task.subject}`,
    text: `${text}\n\n${quoted}`,
    inReplyTo: task.messageId!,
    references: [task.messageId!],
  });
  return info.message as Buffer;
}
