import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { example, importSampleDirectory } from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Everyone has a real mailbox: the citizens, each office's desk and every official are Dovecot
// accounts named by their address; mail between them goes through a real SMTP receiver that
// delivers into those mailboxes. The service reads its desk over IMAP and sends over SMTP, as in
// production; the officials read their task mails over IMAP and answer as their mail client would.

const OFFICES = {
  balangan: {
    office: {
      name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan',
      address: 'pengaduan@balangankab.go.id',
      timeZone: 'WITA',
    },
    officials: [
      'admin.aduan@balangankab.go.id',
      'kasi.kpp@balangankab.go.id',
      'kabid.ikp@balangankab.go.id',
      'kadis.kominfo@balangankab.go.id',
      'aduan.pupr@balangankab.go.id',
      'kadis.pupr@balangankab.go.id',
      'kabid.binamarga@balangankab.go.id',
    ],
  },
  karanganyar: {
    office: {
      name: 'Dinas Komunikasi dan Informatika Kabupaten Karanganyar',
      address: 'aduan@karanganyarkab.go.id',
      timeZone: 'WIB',
    },
    officials: [
      'admin.aduan@karanganyarkab.go.id',
      'admin.dpupr@karanganyarkab.go.id',
      'admin.dlh@karanganyarkab.go.id',
    ],
  },
  kaltim: {
    office: {
      name: 'Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur',
      address: 'aspirasi@diskominfo.kaltimprov.go.id',
      timeZone: 'WITA',
    },
    officials: [
      'operator.aspirasi@diskominfo.kaltimprov.go.id',
      'tim.aspirasi@diskominfo.kaltimprov.go.id',
      'aspirasi@disdikbud.kaltimprov.go.id',
    ],
  },
} as const;
type Preset = keyof typeof OFFICES;
const CITIZENS = ['budi.santoso.skm@gmail.com', 'andi.pratama91@gmail.com', 'siti_aminah77@yahoo.co.id'];

let dovecot: DovecotServer;
let smtp: SMTPServer;
let smtpPort: number;
let t: TestApp | undefined;

beforeAll(async () => {
  dovecot = await startDovecot({
    users: [
      ...CITIZENS,
      ...Object.values(OFFICES).flatMap(({ office, officials }) => [office.address, ...officials]),
    ],
  });
  // The MTA: each recipient (without its +tag) is a Dovecot account; anyone else does not exist.
  smtp = new SMTPServer({
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const known = accountOf(address.address) in dovecot.users;
      callback(known ? undefined : Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        Promise.all(
          session.envelope.rcptTo.map((rcpt) => dovecot.appendRaw(accountOf(rcpt.address), 'INBOX', raw)),
        ).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});

afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await dovecot?.stop();
});

function accountOf(address: string): string {
  return address.toLowerCase().replace(/\+[^@]*@/, '@');
}

/** The service for one preset, reading its desk over IMAP and sending over SMTP. */
async function office(preset: Preset): Promise<TestApp> {
  t = await startTestApp({
    sop: preset,
    office: OFFICES[preset].office,
    mailboxes: [dovecot.mailbox(OFFICES[preset].office.address, { idle: false })],
    delivery: { type: 'smtp', host: '127.0.0.1', port: smtpPort, secure: false },
  });
  await importSampleDirectory(t, preset);
  return t;
}

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

/** The messages in an account's INBOX, parsed. */
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

const kind = (mail: ParsedMail) => mail.headers.get('x-aduan-kind');

/** The service's cycle five minutes on: the desk's mail over IMAP, the deadlines, the outbox over SMTP. */
async function cycle(app: TestApp, minutes = 5): Promise<void> {
  app.clock.now = new Date(app.clock.now.getTime() + minutes * 60_000);
  await app.app.runIntake();
  await app.app.runDeadlines();
  await app.app.runDelivery();
}

type Client = 'outlook' | 'gmail' | 'html';

/**
 * The official opens their newest task mail and replies with `text` from `client`; the service
 * takes the reply and confirms it to them. Returns the confirmation.
 */
async function act(app: TestApp, official: string, text: string, client: Client): Promise<ParsedMail> {
  const task = (await inbox(official)).filter((m) => kind(m) === 'task').at(-1);
  expect(task, `${official} has a task mail`).toBeDefined();
  const reply = await composeReply(client, task!, official, text);
  await send(reply, official, task!.replyTo!.value[0]!.address!);
  await cycle(app);
  const replyId = (await simpleParser(reply)).messageId;
  const confirmation = (await inbox(official)).find((m) => m.inReplyTo === replyId);
  expect(confirmation?.subject, `${official}: ${text}`).toMatch(/\] Diterima: /);
  return confirmation!;
}

describe('Balangan: one complaint through the whole SP4N-LAPOR! SOP, every mailbox real', () => {
  it('reaches the citizen’s answer with each official replying from their own mailbox', async () => {
    const app = await office('balangan');
    const citizen = 'budi.santoso.skm@gmail.com';
    await send(example('email-gmail-jalan-rusak.eml'), citizen, 'pengaduan@balangankab.go.id');
    await cycle(app);
    const acknowledgement = (await inbox(citizen)).find((m) => kind(m) === 'acknowledgement');
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
    for (const [official, text] of replies) await act(app, `${official}@balangankab.go.id`, text, 'outlook');

    const answer = (await inbox(citizen)).find((m) => kind(m) === 'answer');
    expect(answer?.text).toContain('Perbaikan jalan poros Desa Sukamaju dijadwalkan 7 Desember 2026.');
    const stored = await app.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001');
    expect(stored).toMatchObject({ status: 'answered', currentStepId: null, opdUnitCode: 'pupr' });
    // The desk's mailbox kept everything, moved to the processed folder, nothing deleted.
    expect(await dovecot.count('pengaduan@balangankab.go.id', 'INBOX')).toBe(0);
    expect(await dovecot.count('pengaduan@balangankab.go.id', 'Diproses')).toBe(1 + replies.length);
  });
});

describe('Karanganyar: the complaints group stays silent, the Admin Kabupaten forwards to the OPD', () => {
  it('reaches the citizen’s answer, with officials replying from Gmail', async () => {
    const app = await office('karanganyar');
    const citizen = 'siti_aminah77@yahoo.co.id';
    await send(example('email-yahoo-sampah-windows1252.eml'), citizen, 'aduan@karanganyarkab.go.id');
    await cycle(app);
    expect((await inbox(citizen)).find((m) => kind(m) === 'acknowledgement')).toBeDefined();

    await act(app, 'admin.aduan@karanganyarkab.go.id', 'TERUSKAN', 'gmail');
    // Both OPD admins in the group got it; nobody takes it for 60 working minutes (the office
    // opened at 07:30 WIB, a few minutes after the complaint came in).
    for (const member of ['admin.dpupr@karanganyarkab.go.id', 'admin.dlh@karanganyarkab.go.id'])
      expect((await inbox(member)).filter((m) => kind(m) === 'task')).toHaveLength(1);
    await cycle(app, 90);
    const complaint = await app.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001');
    expect(complaint?.currentStepId).toBe('teruskan_opd');
    const forward = (await inbox('admin.aduan@karanganyarkab.go.id'))
      .filter((m) => kind(m) === 'task')
      .at(-1);
    expect(forward?.subject).toMatch(/Tugas: Diteruskan ke Admin OPD/);

    await act(app, 'admin.aduan@karanganyarkab.go.id', 'TERUSKAN dlh\nMohon ditanggapi hari ini.', 'gmail');
    const confirmation = await act(
      app,
      'admin.dlh@karanganyarkab.go.id',
      'JAWAB\nTumpukan sampah di Jl. Pasar Lama sudah diangkut petugas DLH pada Senin pagi.',
      'gmail',
    );
    expect(confirmation.text).toContain('Jawaban dikirim kepada pelapor (e-mail)');
    await act(app, 'admin.aduan@karanganyarkab.go.id', 'SELESAI', 'gmail');

    const answer = (await inbox(citizen)).find((m) => kind(m) === 'answer');
    expect(answer?.text).toContain('Tumpukan sampah di Jl. Pasar Lama sudah diangkut petugas DLH');
    // Step 5 (the answer recorded) ends the SOP at "selesai".
    expect(await app.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000001')).toMatchObject({
      status: 'closed',
      currentStepId: null,
      opdUnitCode: 'dlh',
    });
    // The group member who never answered got nothing more than the group's task.
    expect((await inbox('admin.dpupr@karanganyarkab.go.id')).filter((m) => kind(m) === 'task')).toHaveLength(
      1,
    );
  });
});

describe('Kaltim: an information request answered by the team, a complaint through the OPD', () => {
  it('answers both, with officials replying in HTML-only mail with a signature', async () => {
    const app = await office('kaltim');
    const citizen = 'andi.pratama91@gmail.com';
    await send(example('email-thunderbird-informasi.eml'), citizen, 'aspirasi@diskominfo.kaltimprov.go.id');
    await cycle(app);
    await act(app, 'operator.aspirasi@diskominfo.kaltimprov.go.id', 'TERUSKAN', 'html');
    await act(
      app,
      'tim.aspirasi@diskominfo.kaltimprov.go.id',
      'INFORMASI\nSyarat akta kelahiran: surat keterangan lahir, KK dan KTP kedua orang tua, serta buku nikah.',
      'html',
    );
    const information = (await inbox(citizen)).find((m) => kind(m) === 'answer');
    expect(information?.text).toContain('Syarat akta kelahiran: surat keterangan lahir');

    const complaint = await nodemailer
      .createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
      .sendMail({
        from: 'Andi Pratama <andi.pratama91@gmail.com>',
        to: 'aspirasi@diskominfo.kaltimprov.go.id',
        subject: 'Pungutan uang seragam di SMA Negeri 5 Samarinda',
        text: [
          'Yth. Dinas Kominfo Provinsi Kalimantan Timur,',
          '',
          'Anak saya diminta membayar Rp 1.250.000 untuk seragam dan buku di SMA Negeri 5 Samarinda,',
          'padahal sekolah negeri tidak boleh memungut biaya tersebut. Mohon ditindaklanjuti.',
          '',
          'Nama: Andi Pratama',
          'NIK: 6472031505910002',
          'Alamat: Jl. Juanda No. 12, Samarinda',
          'HP: 0812-5432-1098',
        ].join('\n'),
      });
    await send(complaint.message as Buffer, citizen, 'aspirasi@diskominfo.kaltimprov.go.id');
    await cycle(app);
    await act(app, 'operator.aspirasi@diskominfo.kaltimprov.go.id', 'TERUSKAN', 'html');
    await act(app, 'tim.aspirasi@diskominfo.kaltimprov.go.id', 'TERUSKAN disdikbud', 'html');
    await act(
      app,
      'aspirasi@disdikbud.kaltimprov.go.id',
      'JAWAB\nDisdikbud telah memanggil kepala SMA Negeri 5 Samarinda; pungutan dibatalkan dan uang dikembalikan.',
      'html',
    );
    await act(app, 'tim.aspirasi@diskominfo.kaltimprov.go.id', 'TERUSKAN', 'html');
    await act(app, 'operator.aspirasi@diskominfo.kaltimprov.go.id', 'KIRIM', 'html');

    const answers = (await inbox(citizen)).filter((m) => kind(m) === 'answer');
    expect(answers).toHaveLength(2);
    expect(answers[1]!.subject).toMatch(/^\[ADU-2026-000002\]/);
    expect(answers[1]!.text).toContain('pungutan dibatalkan dan uang dikembalikan');
    expect(await app.app.store.repos.complaints.findByTrackingNumber('ADU-2026-000002')).toMatchObject({
      status: 'answered',
      opdUnitCode: 'disdikbud',
    });
  });
});

/** A reply as each client writes it: the command on top, the task mail quoted below. */
async function composeReply(client: Client, task: ParsedMail, from: string, text: string): Promise<Buffer> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const to = task.replyTo!.value[0]!.address!;
  const threading = { inReplyTo: task.messageId!, references: [task.messageId!] };
  const quoted = task.text ?? '';
  const content =
    client === 'outlook'
      ? {
          subject: `RE: ${task.subject}`,
          text: [
            text,
            '',
            '________________________________',
            `From: ${task.from?.text ?? ''}`,
            `Sent: ${task.date?.toUTCString() ?? ''}`,
            `Subject: ${task.subject ?? ''}`,
            '',
            quoted,
          ].join('\n'),
        }
      : client === 'gmail'
        ? {
            subject: `Re: ${task.subject}`,
            text: `${text}\n\nPada Sen, 23 Nov 2026 pukul 09.05 ${task.from?.text ?? ''} menulis:\n${quoted
              .split('\n')
              .map((line) => `> ${line}`)
              .join('\n')}`,
          }
        : {
            // HTML only, as some webmail sends: the command in a div, a signature, the quote in a blockquote.
            subject: `Re: ${task.subject}`,
            html: `<div dir="ltr">${text
              .split('\n')
              .map((line) => `<div>${line}</div>`)
              .join(
                '',
              )}<br><div>--<br>Salam,<br>${from}</div></div><div class="gmail_quote"><blockquote>${quoted.replace(/\n/g, '<br>')}</blockquote></div>`,
          };
  const info = await composer.sendMail({ from, to, ...threading, ...content });
  return info.message as Buffer;
}
