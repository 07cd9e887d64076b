import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  composeMail,
  eventsOf,
  importSampleDirectory,
  ingest,
  outboxMails,
  recipientOf,
  testDatabases,
} from '../support/intake.ts';
import type { TestApp } from '../support/test-app.ts';

// Reminders with an injected clock: the admin's registration task (Balangan step 1, 60 working
// minutes) crosses 50 % and 80 % of its time; each crossing is one digest per person, whatever
// the number of tasks, and a sweep after downtime reminds once.

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
