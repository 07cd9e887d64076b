import { afterEach, describe, expect, it } from 'vitest';
import { formatTanggalWaktu } from '../../src/domain/calendar/format-indonesian.ts';
import { simulateSop } from '../../src/domain/sop/simulate.ts';
import { composeMail, eventsOf, example, ingest, outboxMails, recipientOf } from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The acknowledgement a citizen gets: the expected answer date in working time, and the guards
// that keep automatic mail from becoming a flood or a loop (freescout#4143: ~8,000 mails).

const FRIDAY_EVENING = new Date('2026-11-20T17:05:00+08:00');
let t: TestApp;
afterEach(async () => t?.dispose());

const complaint = (n: number, from = 'Warga Paringin <warga.paringin@gmail.com>', extra = {}) =>
  composeMail({
    from,
    subject: `Lampu jalan mati, laporan ke-${n}`,
    text: `Lampu jalan di Jl. Ahmad Yani mati (${n}).`,
    messageId: `<laporan-${n}@gmail.com>`,
    ...extra,
  });

describe('acknowledgement', () => {
  it("gives the expected answer date: the SOP's whole main path in working time from the receipt", async () => {
    t = await startTestApp();
    const result = await ingest(t, example('email-gmail-jalan-rusak.eml'), FRIDAY_EVENING);
    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    // Balangan: 7 hari 8 jam 30 menit, from Monday 07:30 (the first working instant after Friday 17:05).
    const due = simulateSop(t.app.sop, { start: FRIDAY_EVENING, calendar: t.app.calendar }).finalDueAt;
    expect(formatTanggalWaktu(due, 'Asia/Makassar')).toBe('Rabu, 2 Desember 2026 pukul 16.00 WITA');
    expect(ack!.text).toContain(
      'Jawaban atas pengaduan Anda kami perkirakan paling lambat Rabu, 2 Desember 2026 pukul 16.00 WITA',
    );
    expect(ack!.text).toContain(
      `balas email ini dengan tetap mencantumkan nomor ${result.tracking} pada perihal`,
    );
    expect(ack!.headers.get('x-aduan-kind')).toBe('acknowledgement');
  });

  it('speaks English when the office does', async () => {
    t = await startTestApp({ office: { language: 'en' } });
    await ingest(t, example('email-outlook-lampu-jalan.eml'), FRIDAY_EVENING);
    await t.app.runDelivery();
    const [ack] = await outboxMails(t);
    expect(ack!.subject).toMatch(/^\[ADU-2026-000001\] Complaint received: Lampu jalan mati/);
    expect(ack!.text).toContain('We expect to answer your complaint by Wednesday, 2 December 2026');
    expect(ack!.text).toContain('    - foto lampu mati.jpg (12.7 KB)');
    expect(ack!.text).toContain('  - NIK (16 digits)');
  });

  it('sends at most intake.acknowledgementsPerSenderPerHour to one address; the rest are recorded', async () => {
    t = await startTestApp({ intake: { acknowledgementsPerSenderPerHour: 2 } });
    const at = (minutes: number) => new Date(Date.parse('2026-11-23T09:00:00+08:00') + minutes * 60_000);
    for (const n of [1, 2, 3])
      expect((await ingest(t, await complaint(n), at(n))).outcome).toBe('registered');
    const limited = (await eventsOf(t, 'ADU-2026-000003')).find(
      (e) => e.type === 'acknowledgement.rate_limited',
    );
    expect(limited?.data['reason']).toBe('2 mails to warga.paringin@gmail.com in the last hour (limit 2)');
    expect(limited?.data['text']).toContain('Nomor pengaduan : ADU-2026-000003');
    // Another citizen is not held up; an hour later the first one is answered again.
    await ingest(t, await complaint(4, 'Siti <siti.paringin@gmail.com>'), at(4));
    await ingest(t, await complaint(5), at(62));
    expect(await t.app.runDelivery()).toEqual({ sent: 4, failed: 0 });
    const subjects = (await outboxMails(t)).map((m) => [recipientOf(m), m.subject?.slice(0, 17)]);
    expect(subjects.sort()).toEqual([
      ['siti.paringin@gmail.com', '[ADU-2026-000004]'],
      ['warga.paringin@gmail.com', '[ADU-2026-000001]'],
      ['warga.paringin@gmail.com', '[ADU-2026-000002]'],
      ['warga.paringin@gmail.com', '[ADU-2026-000005]'],
    ]);
  });

  it('never acknowledges to our own or a robot address, whatever Reply-To says', async () => {
    t = await startTestApp();
    const own = await ingest(
      t,
      await complaint(1, 'Warga <warga@gmail.com>', {
        replyTo: undefined,
        headers: { 'Reply-To': 'pengaduan@balangankab.go.id' },
      }),
      FRIDAY_EVENING,
    );
    const robot = await ingest(
      t,
      await complaint(2, 'Warga <warga2@gmail.com>', { headers: { 'Reply-To': 'no-reply@portal.example' } }),
      FRIDAY_EVENING,
    );
    expect([own.outcome, robot.outcome]).toEqual(['registered', 'registered']);
    const skipped = async (tracking: string) =>
      (await eventsOf(t, tracking)).find((e) => e.type === 'acknowledgement.skipped')?.data['reason'];
    expect(await skipped(own.tracking!)).toBe('pengaduan@balangankab.go.id is our own address');
    expect(await skipped(robot.tracking!)).toBe('no-reply@portal.example is a robot address');
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 });
  });
});
