import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  composeMail,
  eventsOf,
  example,
  FIXTURE_ACK_ID,
  fixtureWith,
  importSampleDirectory,
  ingest,
  outboxMails,
  recipientOf,
  replier,
  taskMailTo,
  testDatabases,
} from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { createSenderCheck } from '../../src/security/sender-check.ts';

// Officials act by replying to their task mails. Replies are composed the way mail clients compose
// them (nodemailer for the MIME, Gmail's and Outlook's quoting in the text).

const at = (time: string) => new Date(`2026-11-23T${time}:00+08:00`);

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});
const { appOn } = testDatabases({ beforeAll, afterAll });

async function registered(dialect: 'sqlite' | 'postgresql'): Promise<{ app: TestApp; tracking: string }> {
  t = await appOn(dialect);
  await importSampleDirectory(t);
  const result = await ingest(t, example('email-gmail-jalan-rusak.eml'), at('08:00'));
  await t.app.runDelivery();
  return { app: t, tracking: result.tracking! };
}

/** The service on another preset, with that preset's sample officials. */
async function presetApp(sop: 'kaltim' | 'karanganyar', office: Record<string, string>): Promise<TestApp> {
  t = await startTestApp({ sop, office });
  await importSampleDirectory(t, sop);
  return t;
}

/** A complaint at Karanganyar, forwarded by the admin to the complaints group (step 2). */
async function inTheKaranganyarGroup() {
  const app = await presetApp('karanganyar', {
    name: 'Dinas Kominfo Kabupaten Karanganyar',
    address: 'aduan@karanganyarkab.go.id',
    timeZone: 'WIB',
  });
  const { tracking } = await ingest(app, example('email-gmail-jalan-rusak.eml'), at('08:00'));
  await app.app.runDelivery();
  const reply = replier(app);
  expect((await reply('admin.aduan@karanganyarkab.go.id', 'TERUSKAN')).reason).toBe('TERUSKAN accepted');
  return { app, tracking: tracking!, reply };
}

/** A reply as Gmail writes it: the text, then "Pada … menulis:" and the quoted task mail. */
async function gmailReply(
  task: ParsedMail,
  options: { from: string; text: string; to?: string; date?: Date },
): Promise<Buffer> {
  return composeMail({
    from: options.from,
    to: options.to ?? task.replyTo!.value[0]!.address!,
    subject: `Re: ${task.subject}`,
    text: `${options.text}\n\nPada Sen, 23 Nov 2026 pukul 08.01 Layanan Pengaduan <pengaduan@balangankab.go.id> menulis:\n${(
      task.text ?? ''
    )
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n')}`,
    inReplyTo: task.messageId!,
    references: [task.messageId!],
    ...(options.date ? { date: options.date } : {}),
  });
}

describe.each(['sqlite', 'postgresql'] as const)('acting by email on %s', (dialect) => {
  it('moves the complaint on when the admin replies TERUSKAN: the Kasi gets the next task, the admin a confirmation', async () => {
    const { app, tracking } = await registered(dialect);
    const task = await taskMailTo(app, 'admin.aduan@');
    const result = await ingest(
      app,
      await gmailReply(task, {
        from: 'Rina Wulandari <Admin.Aduan@balangankab.go.id>',
        text: 'Teruskan\nIdentitas lengkap, mohon diperiksa.',
      }),
      at('08:20'),
    );
    expect(result).toMatchObject({ outcome: 'command', tracking });
    await app.app.runDelivery();

    const complaint = (await app.app.store.repos.complaints.findByTrackingNumber(tracking))!;
    expect(complaint).toMatchObject({ currentStepId: 'pemeriksaan', status: 'in_progress' });
    const next = await taskMailTo(app, 'kasi.kpp@');
    expect(next.subject).toMatch(new RegExp(`^\\[${tracking}\\] Tugas: Pemeriksaan aduan — batas `));
    expect(next.text).toContain('Arahan/catatan langkah sebelumnya:\nIdentitas lengkap, mohon diperiksa.');
    const confirmation = (await outboxMails(app)).find(
      (m) => m.subject === `[${tracking}] Diterima: TERUSKAN`,
    )!;
    expect(recipientOf(confirmation)).toBe('admin.aduan@balangankab.go.id');
    expect(confirmation.inReplyTo).toBeDefined();
    expect(confirmation.text).toContain(
      'Diteruskan ke Kepala Seksi Komunikasi Publik dan Pelayanan Pengaduan: 2. Pemeriksaan aduan',
    );

    const types = (await eventsOf(app, tracking)).map((e) => e.type).filter((type) => type !== 'mail.sent');
    expect(types).toEqual([
      'complaint.registered',
      'task.opened',
      'mail.queued',
      'task.mailed',
      'command.accepted',
      'task.completed',
      'task.opened',
      'task.mailed',
    ]);
    const accepted = (await eventsOf(app, tracking)).find((e) => e.type === 'command.accepted')!;
    expect(accepted.actor).toBe('admin.aduan@balangankab.go.id');
  });
});

describe('the whole Balangan SOP by e-mail', () => {
  it('runs from the citizen to the answer, through Diskominfo and the OPD, each official replying from their mailbox', async () => {
    const { app, tracking } = await registered('sqlite');
    let minute = 10;
    const act = async (official: string, text: string) => {
      const task = await taskMailTo(app, official);
      const result = await ingest(
        app,
        await gmailReply(task, { from: official, text }),
        at(`09:${String(minute++).padStart(2, '0')}`),
      );
      expect(result.reason, `${official}: ${text}`).toMatch(/accepted$/);
      await app.app.runDelivery();
      return task;
    };
    const draft =
      'Yth. Bapak Budi Santoso,\nperbaikan jalan poros Desa Sukamaju dijadwalkan pada 7 Desember 2026.';

    await act('admin.aduan@balangankab.go.id', 'TERUSKAN');
    await act('kasi.kpp@balangankab.go.id', 'Teruskan\nIdentitas pelapor lengkap.');
    await act('kabid.ikp@balangankab.go.id', 'TERUSKAN');
    await act('kadis.kominfo@balangankab.go.id', 'TERUSKAN pupr\nMohon segera ditinjau ke lapangan.');
    expect((await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.opdUnitCode).toBe('pupr');
    const opdAdmin = await act('aduan.pupr@balangankab.go.id', 'TERUSKAN');
    expect(opdAdmin.text).toContain('Mohon segera ditinjau ke lapangan.');
    await act('kadis.pupr@balangankab.go.id', 'TERUSKAN\nBidang Bina Marga siapkan jawaban.');
    await act('kabid.binamarga@balangankab.go.id', `JAWAB\n${draft}`);
    const approval = await act('kadis.pupr@balangankab.go.id', 'SETUJU');
    expect(approval.text).toContain(`Konsep jawaban:\n${draft}`);
    await act('aduan.pupr@balangankab.go.id', 'KIRIM');
    await act('kadis.kominfo@balangankab.go.id', 'TERUSKAN');
    await act('admin.aduan@balangankab.go.id', 'JAWAB');

    const complaint = (await app.app.store.repos.complaints.findByTrackingNumber(tracking))!;
    expect(complaint).toMatchObject({ status: 'answered', currentStepId: null });
    const answer = (await outboxMails(app)).find((m) => m.headers.get('x-aduan-kind') === 'answer')!;
    expect(recipientOf(answer)).toBe('budi.santoso.skm@gmail.com');
    expect(answer.subject).toBe(
      `[${tracking}] Jawaban atas pengaduan Anda: Pengaduan jalan berlubang di Desa Sukamaju, Kec. Tanjung Harapan`,
    );
    expect(answer.text).toContain(draft);
    const steps = (await eventsOf(app, tracking))
      .filter((e) => e.type === 'command.accepted')
      .map((e) => [e.actor, e.data.stepId]);
    expect(steps).toEqual([
      ['admin.aduan@balangankab.go.id', 'registrasi'],
      ['kasi.kpp@balangankab.go.id', 'pemeriksaan'],
      ['kabid.ikp@balangankab.go.id', 'laporan_pimpinan'],
      ['kadis.kominfo@balangankab.go.id', 'arahan_kadis'],
      ['aduan.pupr@balangankab.go.id', 'penerimaan_opd'],
      ['kadis.pupr@balangankab.go.id', 'disposisi_opd'],
      ['kabid.binamarga@balangankab.go.id', 'penyusunan_tanggapan'],
      ['kadis.pupr@balangankab.go.id', 'persetujuan_tanggapan'],
      ['aduan.pupr@balangankab.go.id', 'pengiriman_tanggapan'],
      ['kadis.kominfo@balangankab.go.id', 'disposisi_diskominfo'],
      ['admin.aduan@balangankab.go.id', 'penyampaian_jawaban'],
    ]);
    expect(await app.app.store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 5 })).toEqual([]);
  });

  it('takes the fast lane straight to the OPD, and asks which OPD when the command names none', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    const from = 'admin.aduan@balangankab.go.id';
    const unnamed = await ingest(app, await gmailReply(task, { from, text: 'JALUR CEPAT' }), at('08:10'));
    expect(unnamed.reason).toBe('not carried out');
    await app.app.runDelivery();
    const question = (await outboxMails(app)).find(
      (m) => m.subject === `[${tracking}] Tidak dijalankan: JALUR`,
    )!;
    expect(question.text).toContain('sebutkan OPD tujuan');
    expect(question.text).toContain('pupr (Dinas Pekerjaan Umum dan Penataan Ruang)');

    const named = await ingest(
      app,
      await gmailReply(task, { from, text: 'Jalur cepat Dinas Pekerjaan Umum dan Penataan Ruang' }),
      at('08:12'),
    );
    expect(named.reason).toBe('JALUR CEPAT accepted');
    await app.app.runDelivery();
    const opd = await taskMailTo(app, 'aduan.pupr@');
    expect(opd.subject).toMatch(/Tugas: Penerimaan di OPD/);
    // Not confidential, not anonymous: the OPD may see who complained.
    expect(opd.text).toContain('Pelapor      : Budi Santoso');
  });
});

describe('acting by email: what changes nothing', () => {
  it('acts once: the same reply again is answered, not carried out', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    const from = 'admin.aduan@balangankab.go.id';
    await ingest(app, await gmailReply(task, { from, text: 'TERUSKAN' }), at('08:20'));
    const again = await ingest(app, await gmailReply(task, { from, text: 'TOLAK salah kirim' }), at('08:25'));
    expect(again).toMatchObject({ outcome: 'command', reason: 'step already done' });
    expect((await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.status).toBe('in_progress');
    await app.app.runDelivery();
    const answer = (await outboxMails(app)).find(
      (m) => m.subject === `[${tracking}] Tidak dijalankan: TOLAK`,
    )!;
    expect(answer.text).toContain('langkah ini sudah diselesaikan sebelumnya');
  });

  it('explains a reply that is no valid command, lists what is valid, and leaves the token usable', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    const from = 'admin.aduan@balangankab.go.id';
    const unclear = await ingest(
      app,
      await gmailReply(task, { from, text: 'Baik, segera saya cek.' }),
      at('08:10'),
    );
    expect(unclear).toMatchObject({ outcome: 'command', reason: 'not carried out' });
    const wrongStep = await ingest(app, await gmailReply(task, { from, text: 'SETUJU' }), at('08:12'));
    expect(wrongStep.reason).toBe('not carried out');
    await app.app.runDelivery();
    const answers = (await outboxMails(app)).filter((m) =>
      m.subject?.startsWith(`[${tracking}] Tidak dijalankan`),
    );
    expect(answers.map((m) => m.subject)).toEqual([
      `[${tracking}] Tidak dijalankan: BAIK,`,
      `[${tracking}] Tidak dijalankan: SETUJU`,
    ]);
    expect(answers[0]!.text).toContain('tidak diawali perintah yang dikenal');
    expect(answers[1]!.text).toContain('Perintah "setuju" tidak berlaku pada langkah "Registrasi aduan"');
    expect(answers[1]!.text).toMatch(/^ {2}TERUSKAN — Teruskan ke Kepala Seksi untuk diperiksa$/m);

    const valid = await ingest(app, await gmailReply(task, { from, text: 'TERUSKAN' }), at('08:15'));
    expect(valid.reason).toBe('TERUSKAN accepted');
  });

  it('refuses a forged From: quarantined, a security event, and the real official warned', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    // Someone who got hold of the task mail (a forward) tries to reject the complaint.
    const forged = await ingest(
      app,
      await gmailReply(task, { from: 'Orang Lain <orang.lain@gmail.com>', text: 'TOLAK tidak jelas' }),
      at('08:30'),
    );
    expect(forged.outcome).toBe('quarantined');
    expect(forged.reason).toContain(
      'command refused: sent by orang.lain@gmail.com, not by admin.aduan@balangankab.go.id',
    );
    const complaint = (await app.app.store.repos.complaints.findByTrackingNumber(tracking))!;
    expect(complaint).toMatchObject({ status: 'registered', currentStepId: 'registrasi' });
    const security = (await eventsOf(app, tracking)).find((e) => e.type === 'security.command_refused')!;
    expect(security).toMatchObject({ actor: 'orang.lain@gmail.com' });
    await app.app.runDelivery();
    const mails = await outboxMails(app);
    const warning = mails.find(
      (m) => m.subject === `[${tracking}] Peringatan: perintah atas tugas Anda ditolak`,
    )!;
    expect(recipientOf(warning)).toBe('admin.aduan@balangankab.go.id');
    expect(warning.text).toContain('Pengirim : orang.lain@gmail.com');
    // Nothing goes to the forger.
    expect(mails.some((m) => recipientOf(m).includes('orang.lain@'))).toBe(false);
  });

  it('trusts neither Reply-To, Sender nor a display name that looks like the official', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    const tricks = [
      await composeMail({
        from: 'penipu@gmail.com',
        headers: { 'Reply-To': 'admin.aduan@balangankab.go.id', Sender: 'admin.aduan@balangankab.go.id' },
        to: task.replyTo!.value[0]!.address!,
        subject: `Re: ${task.subject}`,
        text: 'TOLAK bukan pengaduan',
        inReplyTo: task.messageId!,
      }),
      await gmailReply(task, {
        from: '"admin.aduan@balangankab.go.id" <penipu@gmail.com>',
        text: 'TOLAK bukan pengaduan',
      }),
    ];
    for (const [n, trick] of tricks.entries()) {
      const result = await ingest(app, trick, at(`08:3${n}`));
      expect(result.outcome).toBe('quarantined');
      expect(result.reason).toContain('sent by penipu@gmail.com, not by admin.aduan@balangankab.go.id');
    }
    expect((await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.status).toBe('registered');
  });

  it('answers a storm of replies a few times an hour, and records the rest', async () => {
    // Every mail to the address counts: the task mail and two answers fill the hour.
    t = await startTestApp({ replies: { answersPerOfficialPerHour: 3 } });
    await importSampleDirectory(t);
    const { tracking } = await ingest(t, example('email-gmail-jalan-rusak.eml'), at('08:00'));
    await t.app.runDelivery();
    const task = await taskMailTo(t, 'admin.aduan@');
    // A misconfigured rule at the official's end keeps sending the same non-command.
    for (let n = 0; n < 4; n++) {
      const reply = await gmailReply(task, { from: 'admin.aduan@balangankab.go.id', text: 'Terima kasih' });
      expect((await ingest(t, reply, at(`08:1${n}`))).reason).toBe('not carried out');
    }
    await t.app.runDelivery();
    const answers = (await outboxMails(t)).filter((m) => m.subject?.includes('Tidak dijalankan'));
    expect(answers).toHaveLength(2);
    const limited = (await eventsOf(t, tracking!)).filter((e) => e.type === 'notice.rate_limited');
    expect(limited).toHaveLength(2);
    expect(limited[0]!.data.reason).toBe(
      '3 mails to admin.aduan@balangankab.go.id in the last hour (limit 3)',
    );
  });

  it('refuses a tampered token and a reply without one', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    const replyTo = task.replyTo!.value[0]!.address!;
    const token = /\+([a-z2-7]+)@/.exec(replyTo)![1]!;
    const tampered = replyTo.replace(
      token,
      `${token.slice(0, 20)}${token[20] === 'a' ? 'b' : 'a'}${token.slice(21)}`,
    );
    const from = 'admin.aduan@balangankab.go.id';
    const withTampered = await ingest(
      app,
      await gmailReply(task, { from, text: 'TOLAK x', to: tampered }),
      at('08:30'),
    );
    expect(withTampered.outcome).toBe('quarantined');
    // Replying to the task mail's From instead of its Reply-To: no token, no command.
    const withoutToken = await ingest(
      app,
      await gmailReply(task, { from, text: 'TOLAK x', to: 'pengaduan@balangankab.go.id' }),
      at('08:31'),
    );
    expect(withoutToken).toMatchObject({ outcome: 'quarantined' });
    expect(withoutToken.reason).toContain('without its reply token');
    expect((await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.status).toBe('registered');
    const refusals = (await app.app.store.repos.inbound.listByStatus('quarantined', 10)).length;
    expect(refusals).toBe(2);
  });

  it('sends an expired task mail again to its official, carrying nothing out, and refuses it from anyone else', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    const from = 'admin.aduan@balangankab.go.id';
    // 30 days (replies.tokenDays) and a little after the task mail.
    const late = new Date('2026-12-23T09:00:00+08:00');
    const forged = await ingest(
      app,
      await gmailReply(task, { from: 'orang.lain@gmail.com', text: 'TOLAK x' }),
      late,
    );
    expect(forged.outcome).toBe('quarantined');
    expect(forged.reason).toContain('the token expired at');

    const stale = await ingest(app, await gmailReply(task, { from, text: 'TERUSKAN' }), late);
    expect(stale).toMatchObject({ outcome: 'command', reason: 'token expired: task mail sent again' });
    expect((await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.currentStepId).toBe(
      'registrasi',
    );
    await app.app.runDelivery();
    const fresh = await taskMailTo(app, 'admin.aduan@');
    expect(fresh.messageId).not.toBe(task.messageId);
    expect(fresh.replyTo!.value[0]!.address).not.toBe(task.replyTo!.value[0]!.address);
    expect(fresh.text).toContain('belum dijalankan. Balas e-mail ini untuk bertindak.');
    expect(fresh.text).toContain('balasan Anda "TERUSKAN"');
    expect((await eventsOf(app, tracking)).map((e) => e.type)).toContain('task.mail_resent');

    const acted = await ingest(app, await gmailReply(fresh, { from, text: 'TERUSKAN' }), late);
    expect(acted.reason).toBe('TERUSKAN accepted');
  });

  it('rejects with TOLAK: the complaint closes and the citizen is told why', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    const result = await ingest(
      app,
      await gmailReply(task, {
        from: 'admin.aduan@balangankab.go.id',
        text: 'TOLAK\nLokasi berada di jalan nasional, kewenangan BPJN Kalimantan Selatan.',
      }),
      at('08:40'),
    );
    expect(result.reason).toBe('TOLAK accepted');
    const complaint = (await app.app.store.repos.complaints.findByTrackingNumber(tracking))!;
    expect(complaint).toMatchObject({ status: 'rejected', currentStepId: null });
    await app.app.runDelivery();
    const rejection = (await outboxMails(app)).find((m) => m.headers.get('x-aduan-kind') === 'rejection')!;
    expect(recipientOf(rejection)).toBe('budi.santoso.skm@gmail.com');
    expect(rejection.text).toContain('Lokasi berada di jalan nasional, kewenangan BPJN Kalimantan Selatan.');
  });
});

describe('the Kaltim SOP by e-mail', () => {
  it('answers an information request directly: the operator passes it on, the team answers with INFORMASI', async () => {
    const app = await presetApp('kaltim', {
      name: 'Dinas Kominfo Provinsi Kalimantan Timur',
      address: 'aspirasi@diskominfo.kaltimprov.go.id',
      timeZone: 'WITA',
    });
    const result = await ingest(app, example('email-thunderbird-informasi.eml'), at('08:00'));
    expect(result.outcome).toBe('registered');
    await app.app.runDelivery();
    const reply = replier(app);
    expect((await reply('operator.aspirasi@diskominfo.kaltimprov.go.id', 'TERUSKAN')).reason).toBe(
      'TERUSKAN accepted',
    );
    const informasi =
      'INFORMASI\nSyarat akta kelahiran: surat keterangan lahir, KK dan KTP orang tua, buku nikah.';
    expect((await reply('tim.aspirasi@diskominfo.kaltimprov.go.id', informasi)).reason).toBe(
      'INFORMASI accepted',
    );
    const complaint = (await app.app.store.repos.complaints.findByTrackingNumber(result.tracking!))!;
    expect(complaint.status).toBe('answered');
    const answer = (await outboxMails(app)).find((m) => m.headers.get('x-aduan-kind') === 'answer')!;
    expect(answer.text).toContain('Syarat akta kelahiran: surat keterangan lahir');
  });
});

describe('citizens ask STATUS', () => {
  it('tells the complainant where the complaint stands, and a stranger nothing', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    await ingest(
      app,
      await gmailReply(task, { from: 'admin.aduan@balangankab.go.id', text: 'TERUSKAN' }),
      at('08:20'),
    );

    const asked = await ingest(
      app,
      await composeMail({
        from: 'Budi Santoso <budi.santoso.skm@gmail.com>',
        subject: `STATUS ${tracking}`,
        text: '',
      }),
      at('10:00'),
    );
    expect(asked).toMatchObject({ outcome: 'command', reason: `status request for ${tracking}` });
    const stranger = await ingest(
      app,
      await composeMail({ from: 'iseng@gmail.com', subject: `STATUS ${tracking}`, text: 'status?' }),
      at('10:05'),
    );
    expect(stranger.outcome).toBe('ignored');
    expect(await app.app.store.repos.complaints.list({ limit: 10 })).toHaveLength(1);

    await app.app.runDelivery();
    const mails = await outboxMails(app);
    const status = mails.find((m) => m.headers.get('x-aduan-kind') === 'status')!;
    expect(recipientOf(status)).toBe('budi.santoso.skm@gmail.com');
    expect(status.subject).toBe(`[${tracking}] Status pengaduan Anda: sedang ditindaklanjuti`);
    expect(status.text).toMatch(
      /Tahap saat ini: Pemeriksaan aduan, dijadwalkan selesai paling lambat Senin, 23 November 2026 pukul/,
    );
    expect(mails.some((m) => recipientOf(m).includes('iseng@'))).toBe(false);
  });
});

describe('the Karanganyar SOP by e-mail', () => {
  it('sends the complaint to every member of the complaints group; the first to reply AMBIL takes it for their OPD', async () => {
    const { app, tracking, reply } = await inTheKaranganyarGroup();
    // Both group members got the task; the DLH admin is first.
    await taskMailTo(app, 'admin.dpupr@');
    expect((await reply('admin.dlh@karanganyarkab.go.id', 'AMBIL')).reason).toBe('AMBIL accepted');
    expect((await reply('admin.dpupr@karanganyarkab.go.id', 'AMBIL')).reason).toBe('step already done');

    const complaint = (await app.app.store.repos.complaints.findByTrackingNumber(tracking))!;
    expect(complaint).toMatchObject({ opdUnitCode: 'dlh', currentStepId: expect.any(String) });
    const answerTask = await taskMailTo(app, 'admin.dlh@');
    expect(answerTask.subject).toMatch(/Tugas: /);
    expect(
      (await reply('admin.dlh@karanganyarkab.go.id', 'JAWAB\nSampah sudah diangkut hari ini.')).reason,
    ).toBe('JAWAB accepted');
  });
});

describe('the Karanganyar complaints group stays silent', () => {
  it('moves the complaint to the Admin Kabupaten after 60 working minutes, who forwards it to the OPD admin', async () => {
    // Registered at 07:00 WIB, before the office opens at 07:30; the admin forwards at 08:10 WIB.
    const { app, tracking, reply } = await inTheKaranganyarGroup();
    const groupTask = await taskMailTo(app, 'admin.dlh@');
    const stepOf = async () =>
      (await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.currentStepId;

    // The group got it at 08:11 WIB (09:11 WITA, the test's clock); 60 working minutes later it is due.
    app.clock.now = new Date('2026-11-23T10:10:00+08:00');
    expect(await app.app.runDeadlines()).toEqual({ moved: 0 });
    app.clock.now = new Date('2026-11-23T10:12:00+08:00');
    expect(await app.app.runDeadlines()).toEqual({ moved: 1 });
    expect(await app.app.runDeadlines()).toEqual({ moved: 0 });
    expect(await stepOf()).toBe('teruskan_opd');
    const overdue = (await eventsOf(app, tracking)).find((e) => e.type === 'step.overdue')!;
    expect(overdue.data).toMatchObject({ stepId: 'di_grup_aduan', to: 'teruskan_opd' });

    // A group member answering their old task mail now is too late, and is told so.
    const late = await ingest(
      app,
      await gmailReply(groupTask, { from: 'admin.dlh@karanganyarkab.go.id', text: 'AMBIL' }),
      new Date('2026-11-23T10:13:00+08:00'),
    );
    expect(late.reason).toBe('step already done');
    await app.app.runDelivery();
    const admin = await taskMailTo(app, 'admin.aduan@karanganyarkab');
    expect(admin.subject).toMatch(/Tugas: Diteruskan ke Admin OPD/);
    expect((await reply('admin.aduan@karanganyarkab.go.id', 'TERUSKAN dpupr')).reason).toBe(
      'TERUSKAN accepted',
    );
    expect(await stepOf()).toBe('tanggapan_warga');
    expect((await taskMailTo(app, 'admin.dpupr@')).subject).toMatch(/Tugas: Tanggapan kepada warga/);
  });
});

describe('an official and the deadline acting on one task at once', () => {
  it('lets exactly one of them move the complaint', async () => {
    const { app, tracking } = await inTheKaranganyarGroup();
    const groupTask = await taskMailTo(app, 'admin.dlh@');

    // The sweep has read the overdue task; before it writes, the DLH admin's AMBIL is carried out.
    const store = app.app.intakeDeps.store;
    const transaction = store.transaction.bind(store);
    store.transaction = async (fn) => {
      store.transaction = transaction;
      const taken = await ingest(
        app,
        await gmailReply(groupTask, { from: 'admin.dlh@karanganyarkab.go.id', text: 'AMBIL' }),
        new Date('2026-11-23T10:30:00+08:00'),
      );
      expect(taken.reason).toBe('AMBIL accepted');
      return transaction(fn);
    };
    app.clock.now = new Date('2026-11-23T10:30:00+08:00');
    expect(await app.app.runDeadlines()).toEqual({ moved: 0 });

    const complaint = (await app.app.store.repos.complaints.findByTrackingNumber(tracking))!;
    expect(complaint).toMatchObject({ currentStepId: 'tanggapan_warga', opdUnitCode: 'dlh' });
    const open = await app.app.store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 10 });
    expect(open.map((task) => task.stepId)).toEqual(['tanggapan_warga']);
    expect((await eventsOf(app, tracking)).some((e) => e.type === 'step.overdue')).toBe(false);
  });
});

describe('a task mail that bounces', () => {
  it('tells the admin which official did not get their task, and a bounce sent to a reply address acts on nothing', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    await ingest(
      app,
      await gmailReply(task, { from: 'admin.aduan@balangankab.go.id', text: 'TERUSKAN' }),
      at('08:20'),
    );
    await app.app.runDelivery();
    const kasiTask = await taskMailTo(app, 'kasi.kpp@');
    // The Kasi's mailbox is gone; the DSN comes back to the task mail's Reply-To.
    const dsn = fixtureWith('dsn-bounce-postfix.eml', {
      [FIXTURE_ACK_ID]: kasiTask.messageId!,
      'budi.santoso.skm@gmial.com': 'kasi.kpp@balangankab.go.id',
      'To: pengaduan@balangankab.go.id': `To: ${kasiTask.replyTo!.value[0]!.address!}`,
    });
    const bounce = await ingest(app, dsn, at('08:40'));
    expect(bounce).toMatchObject({ outcome: 'bounce', tracking });
    expect((await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.currentStepId).toBe(
      'pemeriksaan',
    );
    expect(await app.app.store.repos.undeliverable.find('kasi.kpp@balangankab.go.id')).not.toBeNull();

    await app.app.runDelivery();
    const alert = (await outboxMails(app)).find(
      (m) => m.subject === `[${tracking}] E-mail tugas tidak terkirim: kasi.kpp@balangankab.go.id`,
    )!;
    expect(recipientOf(alert)).toBe('admin.aduan@balangankab.go.id');
    expect(alert.text).toContain('langkah 2. Pemeriksaan aduan');
    expect(alert.text).toContain('5.4.4 X-Postfix');
  });
});

describe('with replies.senderCheck: dkim', () => {
  it('carries out a command signed by the official’s domain, and refuses the same command unsigned', async () => {
    const { app, tracking } = await registered('sqlite');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
    const resolver = async (name: string, type: string) => {
      if (type === 'TXT' && name === 'kantor._domainkey.balangankab.go.id') return [[record]];
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    };
    app.app.intakeDeps.replies.verifySender = createSenderCheck({ require: 'dkim', resolver });
    const task = await taskMailTo(app, 'admin.aduan@');
    const from = 'admin.aduan@balangankab.go.id';

    const unsigned = await ingest(app, await gmailReply(task, { from, text: 'TERUSKAN' }), at('08:20'));
    expect(unsigned.outcome).toBe('quarantined');
    expect(unsigned.reason).toContain('no valid DKIM signature of balangankab.go.id (unsigned)');

    const raw = await gmailReply(task, { from, text: 'TERUSKAN' });
    // The signature goes in signatureData (mailauth's types ask for top-level fields, which sign
    // nothing: ../shared/notes/test-servers.md).
    const { signatures } = await dkimSign(raw, {
      signatureData: [
        {
          signingDomain: 'balangankab.go.id',
          selector: 'kantor',
          privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
        },
      ],
    } as never);
    const signed = await ingest(app, Buffer.concat([Buffer.from(signatures), raw]), at('08:25'));
    expect(signed.reason).toBe('TERUSKAN accepted');
    expect((await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.currentStepId).toBe(
      'pemeriksaan',
    );
  });
});

describe('an official’s out-of-office notice', () => {
  it('is never answered, and sends their open task to the supervisor, who can act on it', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    // Outlook's automatic reply to the task mail, to the address it came from.
    const notice = await composeMail({
      from: 'Rina Wulandari <admin.aduan@balangankab.go.id>',
      to: 'pengaduan@balangankab.go.id',
      subject: `Balasan Otomatis: ${task.subject}`,
      text: 'Saya sedang cuti sampai 30 November 2026. Untuk hal mendesak hubungi Kasi KPP.',
      inReplyTo: task.messageId!,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    });
    const result = await ingest(app, notice, at('08:10'));
    expect(result.outcome).toBe('ignored');
    expect(result.reason).toContain(
      'out-of-office of admin.aduan@balangankab.go.id: 1 open task(s) sent to stand-ins',
    );
    await app.app.runDelivery();
    const mails = await outboxMails(app);
    expect(mails.some((m) => recipientOf(m) === 'admin.aduan@balangankab.go.id' && m.inReplyTo)).toBe(false);
    const standIn = await taskMailTo(app, 'kasi.kpp@');
    expect(standIn.subject).toMatch(/Tugas: Registrasi aduan/);
    expect(standIn.text).toContain('Rina Wulandari, A.Md sedang tidak di kantor');
    const rerouted = (await eventsOf(app, tracking)).find((e) => e.type === 'task.rerouted')!;
    expect(rerouted.data).toMatchObject({
      absent: 'admin.aduan@balangankab.go.id',
      to: ['kasi.kpp@balangankab.go.id'],
    });

    const acted = await ingest(
      app,
      await gmailReply(standIn, { from: 'kasi.kpp@balangankab.go.id', text: 'TERUSKAN' }),
      at('08:20'),
    );
    expect(acted.reason).toBe('TERUSKAN accepted');
    expect((await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.currentStepId).toBe(
      'pemeriksaan',
    );
  });
});

describe('an official’s out-of-office notice while a Plh is named', () => {
  it('sends the open task to the acting official (Plh), not up the hierarchy', async () => {
    const { app, tracking } = await registered('sqlite');
    const reply = replier(app, { mustAccept: true });
    await reply('admin.aduan@balangankab.go.id', 'TERUSKAN');
    await reply('kasi.kpp@balangankab.go.id', 'TERUSKAN');
    await reply('kabid.ikp@balangankab.go.id', 'TERUSKAN');
    const task = await taskMailTo(app, 'kadis.kominfo@');
    // The directory names Noor Hidayah Plh Kepala Dinas from 1 to 5 December 2026.
    const notice = await composeMail({
      from: 'kadis.kominfo@balangankab.go.id',
      to: task.replyTo!.value[0]!.address!,
      subject: `Out of Office: ${task.subject}`,
      text: 'Sedang dinas luar sampai 4 Desember 2026.',
      inReplyTo: task.messageId!,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const result = await ingest(app, notice, new Date('2026-12-02T08:00:00+08:00'));
    expect(result.reason).toContain('1 open task(s) sent to stand-ins');
    await app.app.runDelivery();
    const plh = await taskMailTo(app, 'sekretaris.kominfo@');
    expect(plh.text).toContain(
      'Noor Hidayah, S.E (Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian), Plh',
    );
    const rerouted = (await eventsOf(app, tracking)).find((e) => e.type === 'task.rerouted')!;
    expect(rerouted.data).toMatchObject({ to: ['sekretaris.kominfo@balangankab.go.id'] });
  });
});

describe('DELEGASI', () => {
  it('hands the task to an acting official from the directory, who then acts with their own token', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    const admin = 'admin.aduan@balangankab.go.id';
    const unknown = await ingest(
      app,
      await gmailReply(task, { from: admin, text: 'DELEGASI orang.luar@gmail.com' }),
      at('08:10'),
    );
    expect(unknown.reason).toBe('not carried out');

    const handed = await ingest(
      app,
      await gmailReply(task, {
        from: admin,
        text: 'DELEGASI sekretaris.kominfo@balangankab.go.id selama saya dinas luar',
      }),
      at('08:12'),
    );
    expect(handed.reason).toBe('DELEGASI accepted');
    await app.app.runDelivery();
    const delegated = await taskMailTo(app, 'sekretaris.kominfo@');
    expect(delegated.text).toContain('Yth. Noor Hidayah, S.E (Admin Layanan Aduan), Plh,');
    expect(delegated.text).toContain(
      'Didelegasikan oleh admin.aduan@balangankab.go.id.\nselama saya dinas luar',
    );

    const acted = await ingest(
      app,
      await gmailReply(delegated, { from: 'sekretaris.kominfo@balangankab.go.id', text: 'TERUSKAN' }),
      at('08:30'),
    );
    expect(acted.reason).toBe('TERUSKAN accepted');
    expect((await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.currentStepId).toBe(
      'pemeriksaan',
    );
    const late = await ingest(app, await gmailReply(task, { from: admin, text: 'TERUSKAN' }), at('08:40'));
    expect(late.reason).toBe('step already done');
  });
});

describe('replies as clients write them', () => {
  it('reads the command of an HTML-only reply with a signature above Gmail’s quote', async () => {
    const { app, tracking } = await registered('sqlite');
    const task = await taskMailTo(app, 'admin.aduan@');
    const html =
      '<div dir="ltr">Teruskan<div>Mohon diperiksa, identitas lengkap.</div><div><br></div>' +
      '<div>-- <br><div dir="ltr" class="gmail_signature">Rina Wulandari<br>Admin Layanan Aduan</div></div></div><br>' +
      '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">Pada Sen, 23 Nov 2026 pukul 08.01 Layanan Pengaduan ' +
      '&lt;pengaduan@balangankab.go.id&gt; menulis:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">' +
      'TOLAK &lt;alasan&gt; — Tolak aduan</blockquote></div>';
    const reply = await composeMail({
      from: 'Rina Wulandari <admin.aduan@balangankab.go.id>',
      to: task.replyTo!.value[0]!.address!,
      subject: `Re: ${task.subject}`,
      html,
      inReplyTo: task.messageId!,
      references: [task.messageId!],
    });
    const result = await ingest(app, reply, at('08:20'));
    expect(result.reason).toBe('TERUSKAN accepted');
    const accepted = (await eventsOf(app, tracking)).find((e) => e.type === 'command.accepted')!;
    expect(accepted.data.body).toContain('Mohon diperiksa, identitas lengkap.');
    expect(accepted.data.body).not.toContain('TOLAK');
  });
});

/** A real phone photo (the one in the Outlook example). */
async function jpegPhoto(): Promise<Buffer> {
  return (await simpleParser(example('email-outlook-lampu-jalan.eml'))).attachments[0]!.content;
}

describe('task mails carry the complaint’s attachments', () => {
  it('attaches what the citizen sent, byte for byte, and lists it in the mail', async () => {
    t = await appOn('sqlite');
    await importSampleDirectory(t);
    await ingest(t, example('email-outlook-lampu-jalan.eml'), at('08:00'));
    await t.app.runDelivery();
    const task = await taskMailTo(t, 'admin.aduan@');
    expect(task.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['foto lampu mati.jpg', 'image/jpeg'],
    ]);
    expect(task.attachments[0]!.content.equals(await jpegPhoto())).toBe(true);
    expect(task.text).toMatch(/Lampiran pengaduan:\n {2}- foto lampu mati\.jpg \(12,7 KB\)\n/);
  });
});

describe('personal data (UU 27/2022)', () => {
  it('never shows an OPD who filed a confidential complaint', async () => {
    t = await appOn('sqlite');
    const app = t;
    await importSampleDirectory(app);
    const result = await ingest(
      app,
      await composeMail({
        from: 'Budi Santoso <budi.santoso.skm@gmail.com>',
        subject: '[RAHASIA] Pungutan liar perbaikan jalan desa',
        text: 'Nama: Budi Santoso\nNIK: 6308011203850002\nHP: 0812-5131-2277\n\nPetugas meminta Rp 500.000 agar jalan desa kami diperbaiki.',
        // A phone photo of the KTP: it names the complainant as surely as the text does.
        attachments: [{ filename: 'KTP Budi Santoso.jpg', content: await jpegPhoto() }],
      }),
      at('08:00'),
    );
    expect(result.confidential).toBe(true);
    await app.app.runDelivery();
    const task = await taskMailTo(app, 'admin.aduan@');
    expect(task.text).toContain('NIK          : 6308011203850002'); // Diskominfo checks the identity
    expect(task.attachments.map((a) => a.filename)).toEqual(['KTP Budi Santoso.jpg']);
    await ingest(
      app,
      await gmailReply(task, { from: 'admin.aduan@balangankab.go.id', text: 'JALUR CEPAT pupr' }),
      at('08:20'),
    );
    await app.app.runDelivery();
    const opdMail = await taskMailTo(app, 'aduan.pupr@');
    const opd = opdMail.text ?? '';
    expect(opd).toContain('Pelapor      : dirahasiakan (pengaduan rahasia');
    expect(opdMail.attachments).toEqual([]);
    expect(opd).toContain(
      'Lampiran pengaduan (1 berkas) disimpan di Diskominfo dan tidak dikirim kepada OPD',
    );
    // Not in the mail's fields, and not in the complaint's own words either.
    expect(opd).toContain('Nama: [dirahasiakan]');
    expect(opd).toContain('Petugas meminta Rp 500.000 agar jalan desa kami diperbaiki.');
    for (const secret of ['Budi', '6308011203850002', 'budi.santoso.skm', '0812', '+62812']) {
      expect(opd, secret).not.toContain(secret);
    }
  });
});
