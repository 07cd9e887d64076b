import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  composeMail,
  eventsOf,
  example,
  importSampleDirectory,
  ingest,
  outboxMails,
  recipientOf,
  replier,
  testDatabases,
} from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { closeUnansweredComplaints } from '../../src/use-cases/close-unanswered-complaints.ts';
import { newComplaint } from './db-store-contract.ts';

// The SLA sweeps with an injected clock. The admin's registration task (Balangan step 1, 60
// working minutes) crosses 50 % and 80 % of its time: each crossing is one digest per person,
// whatever the number of tasks, and a sweep after downtime reminds once. Past its due time it
// climbs the hierarchy. An answered complaint closes when the citizen stays silent.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});
const { appOn } = testDatabases({ beforeAll, afterAll });
const at = (time: string) => new Date(`2026-11-23T${time}:00+08:00`);

async function twoComplaints(dialect: 'sqlite' | 'postgresql'): Promise<TestApp> {
  t = await appOn(dialect);
  await importSampleDirectory(t);
  for (const [n, subject] of [
    'Jalan berlubang di Desa Sukamaju',
    'Lampu jalan mati di Jl. Ahmad Yani',
  ].entries()) {
    await ingest(
      t,
      await composeMail({
        from: `warga${n}@gmail.com`,
        subject,
        text: `${subject}, mohon segera ditangani.`,
      }),
      at('08:00'),
    );
  }
  await t.app.runDelivery();
  return t;
}

async function remindersTo(app: TestApp, address: string) {
  await app.app.runDelivery();
  return (await outboxMails(app)).filter(
    (m) => m.headers.get('x-aduan-kind') === 'reminder' && recipientOf(m) === address,
  );
}

describe.each(['sqlite', 'postgresql'] as const)('reminders on %s', (dialect) => {
  it('sends one digest per person at 50 % and at 80 % of the time standard, and none after', async () => {
    const app = await twoComplaints(dialect);
    const admin = 'admin.aduan@balangankab.go.id';
    const sweep = async (time: string) => {
      app.clock.now = at(time);
      return app.app.runReminders();
    };
    expect(await sweep('08:10')).toEqual({ tasks: 0, mails: 0 });
    expect(await sweep('08:29')).toEqual({ tasks: 0, mails: 0 });
    expect(await sweep('08:32')).toEqual({ tasks: 2, mails: 1 });
    expect(await sweep('08:40')).toEqual({ tasks: 0, mails: 0 });
    expect(await sweep('08:50')).toEqual({ tasks: 2, mails: 1 });
    expect(await sweep('08:58')).toEqual({ tasks: 0, mails: 0 });
    expect(await sweep('09:30')).toEqual({ tasks: 0, mails: 0 }); // overdue: escalation's business

    const digests = await remindersTo(app, admin);
    expect(digests).toHaveLength(2);
    expect(digests[0]!.subject).toBe('Pengingat: 2 tugas pengaduan mendekati batas waktu');
    expect(digests[0]!.text).toContain('[ADU-2026-000001] Jalan berlubang di Desa Sukamaju');
    expect(digests[0]!.text).toContain('[ADU-2026-000002] Lampu jalan mati di Jl. Ahmad Yani');
    expect(digests[0]!.text).toMatch(
      /langkah 1\. Registrasi aduan, batas Senin, 23 November 2026 pukul 09\.01 WITA \(51 % waktu terpakai\)/,
    );
    expect(digests[1]!.text).toMatch(/\(81 % waktu terpakai\)/);
    expect(digests[0]!.headers.get('auto-submitted')).toBe('auto-generated');
    const reminded = (await eventsOf(app, 'ADU-2026-000001')).filter((e) => e.type === 'task.reminded');
    expect(reminded.map((e) => e.data.percent)).toEqual([50, 80]);
  });

  it('reminds once, at the highest threshold passed, after the service was down', async () => {
    const app = await twoComplaints(dialect);
    app.clock.now = at('08:55');
    expect(await app.app.runReminders()).toEqual({ tasks: 2, mails: 1 });
    const reminded = (await eventsOf(app, 'ADU-2026-000002')).filter((e) => e.type === 'task.reminded');
    expect(reminded.map((e) => e.data.percent)).toEqual([80]);
    app.clock.now = at('08:58');
    expect(await app.app.runReminders()).toEqual({ tasks: 0, mails: 0 });
  });
});

describe.each(['sqlite', 'postgresql'] as const)('escalation on %s', (dialect) => {
  it('goes up the hierarchy one level per overdue period, to the top and no further, the admin copied', async () => {
    const app = await twoComplaints(dialect);
    const sweep = async (time: string) => {
      app.clock.now = at(time);
      return app.app.runEscalations();
    };
    // The admin's registration tasks were due at 09:01 (60 working minutes).
    expect(await sweep('09:00')).toEqual({ tasks: 0, mails: 0 });
    expect(await sweep('09:05')).toEqual({ tasks: 2, mails: 2 }); // the Kasi, and the admin's copy
    expect(await sweep('09:45')).toEqual({ tasks: 0, mails: 0 });
    expect(await sweep('10:05')).toEqual({ tasks: 2, mails: 2 }); // the Kabid
    expect(await sweep('11:05')).toEqual({ tasks: 2, mails: 2 }); // the Kepala Dinas
    expect(await sweep('12:05')).toEqual({ tasks: 0, mails: 0 }); // nobody above him

    await app.app.runDelivery();
    const escalations = (await outboxMails(app)).filter(
      (m) => m.headers.get('x-aduan-kind') === 'escalation',
    );
    expect(escalations.map((m) => [recipientOf(m), m.subject])).toEqual([
      ['kasi.kpp@balangankab.go.id', 'Eskalasi: 2 tugas pengaduan melewati batas waktu'],
      ['admin.aduan@balangankab.go.id', 'Tembusan eskalasi: 2 tugas pengaduan melewati batas waktu'],
      ['kabid.ikp@balangankab.go.id', 'Eskalasi: 2 tugas pengaduan melewati batas waktu'],
      ['admin.aduan@balangankab.go.id', 'Tembusan eskalasi: 2 tugas pengaduan melewati batas waktu'],
      ['kadis.kominfo@balangankab.go.id', 'Eskalasi: 2 tugas pengaduan melewati batas waktu'],
      ['admin.aduan@balangankab.go.id', 'Tembusan eskalasi: 2 tugas pengaduan melewati batas waktu'],
    ]);
    expect(escalations[0]!.text).toContain(
      'langkah 1. Registrasi aduan — Admin Layanan Aduan, batas Senin, 23 November 2026 pukul 09.01 WITA, terlambat 0,1 jam kerja; eskalasi tingkat 1 kepada Kepala Seksi Komunikasi Publik dan Pelayanan Pengaduan',
    );
    const levels = (await eventsOf(app, 'ADU-2026-000001'))
      .filter((e) => e.type === 'task.escalated')
      .map((e) => [e.data.level, e.data.toRole]);
    expect(levels).toEqual([
      [1, 'kasi_kpp'],
      [2, 'kabid_ikp'],
      [3, 'kadis'],
    ]);
  });
});

/** Kaltim: an information request answered by the team on Monday 23 November at 09:11 WITA. */
async function answeredInformationRequest(): Promise<{ app: TestApp; tracking: string }> {
  t = await startTestApp({
    sop: 'kaltim',
    office: {
      name: 'Dinas Kominfo Provinsi Kalimantan Timur',
      address: 'aspirasi@diskominfo.kaltimprov.go.id',
    },
  });
  const app = t;
  await importSampleDirectory(app, 'kaltim');
  const { tracking } = await ingest(app, example('email-thunderbird-informasi.eml'), at('08:00'));
  await app.app.runDelivery();
  const reply = replier(app, { mustAccept: true });
  await reply('operator.aspirasi@diskominfo.kaltimprov.go.id', 'TERUSKAN');
  await reply(
    'tim.aspirasi@diskominfo.kaltimprov.go.id',
    'INFORMASI\nSyaratnya: surat keterangan lahir, KK dan KTP orang tua.',
  );
  return { app, tracking: tracking! };
}

describe('answered complaints the citizen leaves unanswered', () => {
  it('close 10 working days after the answer', async () => {
    const { app, tracking } = await answeredInformationRequest();
    const status = async () => (await app.app.store.repos.complaints.findByTrackingNumber(tracking))!.status;
    expect(await status()).toBe('answered');

    // Answered Monday 23 November 09:11 WITA: ten working days later is Monday 7 December.
    app.clock.now = new Date('2026-12-04T15:00:00+08:00');
    expect(await app.app.runAutoClose()).toEqual({ closed: 0 });
    app.clock.now = new Date('2026-12-07T10:00:00+08:00');
    expect(await app.app.runAutoClose()).toEqual({ closed: 1 });
    expect(await status()).toBe('closed');
    const closed = (await eventsOf(app, tracking)).find((e) => e.type === 'complaint.auto_closed')!;
    expect(closed.data).toMatchObject({ reason: 'no reply from the complainant in 10 working days' });
    expect(await app.app.runAutoClose()).toEqual({ closed: 0 });
  });

  it('reach the longest answered first, however many newer ones wait', async () => {
    t = await startTestApp();
    const { store } = t.app;
    const answered = async (registeredAt: string, answeredAt: string) => {
      const complaint = await store.transaction((repos) =>
        repos.complaints.create(
          newComplaint({ registeredAt: new Date(registeredAt), receivedAt: new Date(registeredAt) }),
        ),
      );
      await store.repos.complaints.updateProgress(complaint.id, { status: 'answered', currentStepId: null });
      await store.repos.events.append({
        complaintId: complaint.id,
        at: new Date(answeredAt),
        actor: 'system',
        type: 'complaint.closed',
        data: { outcome: 'dijawab' },
      });
      return complaint.id;
    };
    const old = await answered('2026-10-01T09:00:00+08:00', '2026-10-02T09:00:00+08:00');
    await answered('2026-12-01T09:00:00+08:00', '2026-12-02T09:00:00+08:00'); // answered last week
    t.clock.now = new Date('2026-12-08T09:00:00+08:00');
    // A batch of one: the one answered in October is closed, not the newer one still waiting.
    expect(await closeUnansweredComplaints(t.app.intakeDeps, 1)).toEqual({ closed: 1 });
    expect((await store.repos.complaints.findById(old))?.status).toBe('closed');
  });

  it('count the ten working days again from the citizen’s last reply', async () => {
    const { app, tracking } = await answeredInformationRequest();
    const answer = (await outboxMails(app)).find((m) => m.headers.get('x-aduan-kind') === 'answer')!;
    // The citizen writes back on Thursday 3 December, within the ten days.
    const followUp = await ingest(
      app,
      await composeMail({
        from: recipientOf(answer),
        to: 'aspirasi@diskominfo.kaltimprov.go.id',
        subject: `Re: ${answer.subject}`,
        text: 'Terima kasih. Apakah fotokopi KK perlu dilegalisir?',
        inReplyTo: answer.messageId!,
      }),
      new Date('2026-12-03T10:00:00+08:00'),
    );
    expect(followUp).toMatchObject({ outcome: 'appended', tracking });

    // Ten working days from the answer have passed, but not from the reply (Thursday 17 December).
    app.clock.now = new Date('2026-12-07T10:00:00+08:00');
    expect(await app.app.runAutoClose()).toEqual({ closed: 0 });
    app.clock.now = new Date('2026-12-17T09:00:00+08:00');
    expect(await app.app.runAutoClose()).toEqual({ closed: 0 });
    app.clock.now = new Date('2026-12-17T10:30:00+08:00');
    expect(await app.app.runAutoClose()).toEqual({ closed: 1 });
  });
});
