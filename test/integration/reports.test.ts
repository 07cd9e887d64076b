import { readSheet } from 'read-excel-file/node';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeDailyReport } from '../../src/use-cases/make-daily-report.ts';
import { makeMonthlyReport } from '../../src/use-cases/make-monthly-report.ts';
import {
  composeMail,
  importSampleDirectory,
  ingest,
  outboxMails,
  recipientOf,
  testDatabases,
} from '../support/intake.ts';
import type { TestApp } from '../support/test-app.ts';

// A month of complaints at Karanganyar (WIB), handled by officials replying to their task mails:
// the reports replay that trail. The figures below were worked out by hand from the timeline.
//
//   ADU-…01  Mon 28 Sep  drainase, Kec. Tasikmadu   answered 1 Oct, recorded         (carried over)
//   ADU-…02  Thu  1 Oct  jalan, Kec. Jaten          all on time, finished 2 Oct
//   ADU-…03  Mon  5 Oct  sampah, Kec. Jaten         admin late, group silent, DLH late, finished 12 Oct
//   ADU-…04  Wed 14 Oct  [RAHASIA] pungli KTP       taken by DPUPR, never answered in October
//   ADU-…05  Tue 20 Oct  [ANONIM] jalan rusak       nobody acts
//   ADU-…06  Mon 26 Oct  KTP keliling               rejected at once
//   ADU-…07  Mon  2 Nov  (next month)

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});
const { appOn } = testDatabases({ beforeAll, afterAll });
const wib = (local: string) => new Date(`${local}:00+07:00`);

const ADMIN = 'admin.aduan@karanganyarkab.go.id';
const DPUPR = 'admin.dpupr@karanganyarkab.go.id';
const DLH = 'admin.dlh@karanganyarkab.go.id';
const PIMPINAN = 'kadis.kominfo@karanganyarkab.go.id';

async function office(dialect: 'sqlite' | 'postgresql'): Promise<TestApp> {
  t = await appOn(dialect, {
    office: {
      name: 'Dinas Komunikasi dan Informatika Kabupaten Karanganyar',
      address: 'aduan@karanganyarkab.go.id',
      timeZone: 'WIB',
    },
    sop: 'karanganyar',
  });
  t.clock.now = wib('2026-09-28T08:00');
  await importSampleDirectory(t, 'karanganyar');
  return t;
}

async function complain(app: TestApp, from: string, subject: string, text: string, at: string) {
  const result = await ingest(
    app,
    await composeMail({ from, to: 'aduan@karanganyarkab.go.id', subject, text }),
    wib(at),
  );
  expect(result.outcome).toBe('registered');
  await app.app.runDelivery();
  return result.tracking!;
}

/** The official answers the newest task mail about the complaint, at the given time. */
async function act(app: TestApp, official: string, tracking: string, text: string, at: string) {
  const task = (await outboxMails(app))
    .filter(
      (m) =>
        m.headers.get('x-aduan-kind') === 'task' &&
        recipientOf(m).includes(official) &&
        m.subject?.includes(tracking),
    )
    .at(-1);
  if (!task) throw new Error(`no task mail about ${tracking} to ${official}`);
  const reply = await composeMail({
    from: official,
    to: task.replyTo!.value[0]!.address!,
    subject: `Re: ${task.subject}`,
    text: `${text}\n\n> ${task.subject}`,
    inReplyTo: task.messageId!,
  });
  const result = await ingest(app, reply, wib(at));
  if (!result.reason?.endsWith('accepted')) throw new Error(`${official} "${text}": ${result.reason}`);
  await app.app.runDelivery();
}

async function seedOctober(app: TestApp): Promise<void> {
  const s = await complain(
    app,
    'Warga Tasikmadu <rahmat.hidayat@gmail.com>',
    'Drainase tersumbat di Desa Papahan, Kecamatan Tasikmadu',
    'Selamat pagi, drainase di depan SD Papahan tersumbat sampah dan air meluap ke jalan.\n\nRahmat Hidayat\nNIK 3313041203850002\nDesa Papahan RT 02',
    '2026-09-28T09:00',
  );
  await act(app, ADMIN, s, 'TERUSKAN', '2026-09-28T09:30');
  await act(app, DPUPR, s, 'AMBIL', '2026-09-28T09:45');
  await act(app, DPUPR, s, 'JAWAB\nSaluran sudah dibersihkan tim UPT pada Rabu.', '2026-10-01T09:00');
  await act(app, ADMIN, s, 'SELESAI', '2026-10-01T09:10');

  const a = await complain(
    app,
    'Sri Lestari <sri.lestari82@yahoo.co.id>',
    'Jalan berlubang di Desa Ngringo, Kecamatan Jaten',
    'Jalan poros desa berlubang besar dan membahayakan pengendara motor.\n\nSri Lestari\nNIK 3313054506820003\nNgringo RT 04 RW 02',
    '2026-10-01T10:00',
  );
  await act(app, ADMIN, a, 'TERUSKAN', '2026-10-01T10:20');
  await act(app, DPUPR, a, 'AMBIL', '2026-10-01T10:40');
  await act(app, DPUPR, a, 'JAWAB\nPenambalan dijadwalkan minggu depan.', '2026-10-02T09:00');
  await act(app, ADMIN, a, 'SELESAI', '2026-10-02T09:10');

  const b = await complain(
    app,
    'Bambang W <bambang.w@gmail.com>',
    'Sampah menumpuk di Kelurahan Jaten, Kecamatan Jaten',
    'Sampah di TPS Jaten tidak diangkut seminggu, bau busuk.\n\nBambang Wijaya\nNIK 3313052201790001\nJaten RT 01',
    '2026-10-05T08:00',
  );
  // Due 09:00 (the office opened 07:30, the complaint came at 08:00): late.
  await act(app, ADMIN, b, 'TERUSKAN', '2026-10-05T10:00');
  // Nobody in the group takes it within its 60 minutes (due 11:00): the deadline sweep moves it.
  app.clock.now = wib('2026-10-05T11:30');
  expect(await app.app.runDeadlines()).toEqual({ moved: 1 });
  await app.app.runDelivery();
  await act(app, ADMIN, b, 'TERUSKAN dlh', '2026-10-05T11:45');
  // Three working days from Monday 11:45 is Thursday 11:45: answered the next Monday, late.
  await act(app, DLH, b, 'JAWAB\nSampah sudah diangkut.', '2026-10-12T09:00');
  await act(app, ADMIN, b, 'SELESAI', '2026-10-12T09:10');

  const c = await complain(
    app,
    'Budi Santoso <budi.santoso.kra@gmail.com>',
    '[RAHASIA] Pungutan liar pembuatan KTP di Kecamatan Karanganyar',
    'Mohon dirahasiakan. Petugas meminta uang Rp 100.000 untuk mempercepat KTP.\n\nNama: Budi Santoso\nNIK: 3313011507900004\nAlamat: Kelurahan Bejen RT 05',
    '2026-10-14T13:00',
  );
  await act(app, ADMIN, c, 'TERUSKAN', '2026-10-14T13:20');
  await act(app, DPUPR, c, 'AMBIL', '2026-10-14T13:30');

  await complain(
    app,
    'warga.ngringo@gmail.com',
    '[ANONIM] Jalan rusak di Desa Ngringo, Kecamatan Jaten, hubungi 081234567890',
    'Saya ingin anonim. Jalan rusak parah di dekat masjid.',
    '2026-10-20T09:00',
  );

  const e = await complain(
    app,
    'Dewi Kartika <dewi.kartika@gmail.com>',
    'Jadwal KTP keliling di Kecamatan Tasikmadu',
    'Mohon informasi jadwal perekaman KTP keliling.\n\nDewi Kartika\nNIK 3313046104950005\nPapahan RT 03',
    '2026-10-26T09:00',
  );
  await act(app, ADMIN, e, 'TOLAK\nSilakan menghubungi Disdukcapil langsung.', '2026-10-26T09:30');

  await complain(
    app,
    'Warga Jumantono <agus.jumantono@gmail.com>',
    'Lampu jalan mati di Kecamatan Jumantono',
    'Lampu jalan mati sejak Jumat.\n\nAgus\nNIK 3313062305880006\nJumantono RT 01',
    '2026-11-02T09:00',
  );
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe.each(['sqlite', 'postgresql'] as const)('reports over a seeded month on %s', (dialect) => {
  it(
    'the monthly recap: figures, PDF text and XLSX cells agree with the month',
    { timeout: 60_000 },
    async () => {
      const app = await office(dialect);
      await seedOctober(app);
      app.clock.now = wib('2026-11-02T10:00');
      const { figures, pdf, xlsx } = await makeMonthlyReport(2026, 10, app.app.intakeDeps);

      expect(figures.asOf).toEqual(wib('2026-11-01T00:00'));
      expect(figures.totals).toEqual({
        received: 5,
        carriedOver: 1,
        finished: 4,
        answered: 0, // Karanganyar ends at "selesai" after recording the answer
        rejected: 1,
        openAtEnd: 2,
        onTimePercent: 68.8, // 11 of 16 steps judged
      });
      expect(figures.byCategory).toEqual([
        { label: 'Infrastruktur', count: 2 },
        { label: 'Administrasi Kependudukan', count: 1 },
        { label: 'Lingkungan Hidup', count: 1 },
        { label: 'Pengawasan', count: 1 },
      ]);
      expect(figures.byUnit).toEqual([
        { label: 'Belum diteruskan ke OPD', count: 2 },
        { label: 'Dinas Pekerjaan Umum dan Penataan Ruang', count: 2 },
        { label: 'Dinas Lingkungan Hidup', count: 1 },
      ]);
      expect(figures.byChannel).toEqual([{ label: 'E-mail', count: 5 }]);
      expect(figures.places[0]).toEqual({ label: 'Kecamatan Jaten', count: 3 });
      expect(figures.problems[0]).toEqual({ label: 'Infrastruktur: jalan', count: 2 });
      const step = (no: number) => figures.steps.find((s) => s.label.startsWith(`${no}.`));
      // Step 1: on time for …02, …04, …06; late for …03; …05 still waiting past its due time.
      expect(step(1)).toMatchObject({
        standard: '60 menit',
        done: 4,
        onTime: 3,
        overdueOpen: 1,
        percent: 60,
      });
      // Step 2: taken in time for …02 and …04; …03 moved on by the deadline, late.
      expect(step(2)).toMatchObject({ done: 3, onTime: 2, overdueOpen: 0, percent: 66.7 });
      expect(step(3)).toMatchObject({ done: 1, onTime: 1, percent: 100 });
      // Step 4 (3 hari): …01 and …02 in time, …03 late, …04 open past 19 October 13:30.
      expect(step(4)).toMatchObject({ standard: '3 hari', done: 3, onTime: 2, overdueOpen: 1, percent: 50 });
      expect(step(5)).toMatchObject({ done: 3, onTime: 3, percent: 100 });
      // …03's step 1 took 120 working minutes (08:00 to 10:00): the slowest step 1.
      expect(step(1)?.slowestMinutes).toBe(120);
      // …03, registered Mon 5 Oct 08:01 and recorded Mon 12 Oct 09:11: 479 + 3 × 510 + 210 (Friday
      // closes at 11:00) + 101 working minutes; the SOP's 3 hari 3 jam 30 menit from 08:01 ends
      // Thursday 11:31, 479 + 2 × 510 + 241 = 1,740 working minutes.
      expect(figures.handling.slowest[0]).toEqual({
        trackingNumber: 'ADU-2026-000003',
        category: 'Lingkungan Hidup',
        unit: 'Dinas Lingkungan Hidup',
        minutes: 2320,
        standardMinutes: 1740,
      });
      expect(figures.byDay[0]).toEqual({ day: 1, received: 1, finished: 1 });
      expect(figures.byDay[25]).toEqual({ day: 26, received: 1, finished: 1 });

      expect(figures.register.map((r) => [r.trackingNumber, r.complainant, r.status])).toEqual([
        ['ADU-2026-000002', 'Sri Lestari', 'closed'],
        ['ADU-2026-000003', 'Bambang W', 'closed'], // the From display name,
        ['ADU-2026-000004', 'Dirahasiakan', 'in_progress'],
        ['ADU-2026-000005', 'Anonim', 'registered'],
        ['ADU-2026-000006', 'Dewi Kartika', 'rejected'],
      ]);
      expect(figures.register[3]?.subject).toBe(
        '[ANONIM] Jalan rusak di Desa Ngringo, Kecamatan Jaten, hubungi [dirahasiakan]',
      );

      const text = await pdfText(pdf);
      expect(text).toContain('REKAP BULANAN DAN LAPORAN IDENTIFIKASI PERMASALAHAN');
      expect(text).toContain('Bulan Oktober 2026');
      expect(text).toMatch(/5 Aduan masuk bulan ini/);
      expect(text).toMatch(/68,8 % Langkah tepat waktu/);
      expect(text).toContain('Kecamatan Jaten');
      expect(text).toMatch(/4\. Tanggapan kepada warga 3 hari 3 2 1 50 %/);
      for (const secret of ['Budi Santoso', '3313011507900004', '081234567890', 'budi.santoso.kra'])
        expect(text).not.toContain(secret);

      const register = await readSheet(Buffer.from(xlsx), 'Register');
      expect(register[0]).toContain('Nomor aduan');
      expect(register).toHaveLength(1 + 5);
      const header = register[0]!;
      const cell = (row: number, column: string) => register[row]![header.indexOf(column)];
      expect(cell(1, 'Nomor aduan')).toBe('ADU-2026-000002');
      expect(cell(1, 'Diterima (WIB)')).toEqual(new Date(Date.UTC(2026, 9, 1, 10, 0)));
      expect(cell(1, 'Lokasi')).toBe('Kecamatan Jaten');
      expect(cell(1, 'Sesuai standar waktu')).toBe('Ya');
      expect(cell(2, 'Sesuai standar waktu')).toBe('Tidak');
      expect(cell(3, 'Pelapor')).toBe('Dirahasiakan');
      expect(cell(4, 'Pelapor')).toBe('Anonim');
      expect(cell(5, 'Status')).toBe('Ditolak');
      // …02: registered Thu 10:01, finished Fri 09:11: 359 working minutes on Thursday, 101 on Friday.
      expect(cell(1, 'Lama penanganan (jam kerja)')).toBe(7.7);
      const everyCell = register.flat().map(String).join(' ');
      for (const secret of ['Budi Santoso', '3313011507900004', '081234567890'])
        expect(everyCell).not.toContain(secret);
      const recap = await readSheet(Buffer.from(xlsx), 'Rekap');
      expect(recap).toContainEqual(['Aduan masuk', 5]);
      expect(recap).toContainEqual(['Masih terbuka di akhir bulan', 2]);

      // Reproducible: what happens in November does not change October's recap.
      await act(
        app,
        DPUPR,
        'ADU-2026-000004',
        'JAWAB\nPetugas sudah diperiksa Inspektorat.',
        '2026-11-02T10:30',
      );
      app.clock.now = wib('2026-11-20T10:00');
      const again = await makeMonthlyReport(2026, 10, app.app.intakeDeps);
      expect(again.figures).toEqual(figures);
      expect(await readSheet(Buffer.from(again.xlsx), 'Register')).toEqual(register);
    },
  );

  it('the daily monitoring report: the picture at 07:30, replayed', { timeout: 60_000 }, async () => {
    const app = await office(dialect);
    await seedOctober(app);
    const { figures, pdf } = await makeDailyReport('2026-10-21', app.app.intakeDeps);
    expect(figures.since).toEqual(wib('2026-10-20T07:30'));
    expect(figures.totals).toEqual({ received: 1, open: 2, dueToday: 0, overdue: 2 });
    expect(figures.byStep).toEqual([
      { label: '1. Penerimaan aduan', open: 1, dueToday: 0, overdue: 1 },
      { label: '4. Tanggapan kepada warga', open: 1, dueToday: 0, overdue: 1 },
    ]);
    // Each mail is taken in a minute after it arrives. …04 was taken up at 13:31 and due Monday
    // 19 October 13:31: 149 minutes that day, 510 on Tuesday; …05 came at 09:01, due 10:01.
    expect(figures.attention.map((a) => [a.trackingNumber, a.unitCode, a.lateMinutes])).toEqual([
      ['ADU-2026-000004', 'dpupr', 659],
      ['ADU-2026-000005', 'diskominfo', 359],
    ]);
    const text = await pdfText(pdf);
    expect(text).toContain('LAPORAN MONITORING PERMASALAHAN HARIAN');
    expect(text).toContain('Rabu, 21 Oktober 2026 pukul 07.30 WIB');
    expect(text).toContain('Dinas Pekerjaan Umum dan Penataan Ruang 1 0 1');
    expect(text).toContain('10 jam 59 menit');
    expect(text).not.toContain('Budi Santoso');

    // Monday's report counts from Friday's: the weekend in between.
    const monday = await makeDailyReport('2026-10-05', app.app.intakeDeps);
    expect(monday.figures.since).toEqual(wib('2026-10-02T07:30'));
  });
});

describe('scheduled reports', () => {
  it(
    'mails the daily report once on a working day, none on a holiday, and the recap once; the leadership’s reply is archived',
    { timeout: 60_000 },
    async () => {
      const app = await office('sqlite');
      await seedOctober(app);
      const jobs = (await import('../../src/scheduler/jobs.ts')).serviceJobs(app.app);
      const job = (name: string) => jobs.find((j) => j.name === name)!;

      app.clock.now = wib('2026-11-02T07:31');
      expect(await job('laporan-harian').run(wib('2026-11-02T07:30'))).toMatchObject({
        date: '2026-11-02',
        recipients: 2,
      });
      expect(await job('laporan-harian').run(wib('2026-11-02T07:30'))).toEqual({
        skipped: 'report for 2026-11-02 already sent',
      });
      expect(await job('laporan-harian').run(wib('2026-11-01T07:30'))).toEqual({
        skipped: '2026-11-01 is not a working day',
      });
      // Christmas: a holiday on the office calendar.
      expect(await job('laporan-harian').run(wib('2026-12-25T07:30'))).toEqual({
        skipped: '2026-12-25 is not a working day',
      });

      app.clock.now = wib('2026-11-02T08:01');
      expect(await job('rekap-bulanan').run(wib('2026-11-02T08:00'))).toMatchObject({
        period: '2026-10',
        received: 5,
      });
      expect(await job('rekap-bulanan').run(wib('2026-11-03T08:00'))).toEqual({
        skipped: 'recap for 2026-10 already sent',
      });
      await app.app.runDelivery();

      const mails = await outboxMails(app);
      const daily = mails.filter((m) => m.headers.get('x-aduan-kind') === 'report-harian');
      expect(daily.map(recipientOf).sort()).toEqual([ADMIN, PIMPINAN]);
      expect(daily[0]?.subject).toMatch(/^Laporan monitoring harian 2 November 2026: 2 tugas terlambat/);
      expect(daily[0]?.attachments.map((a) => a.filename)).toEqual([
        'laporan-monitoring-harian-2026-11-02.pdf',
      ]);
      const recap = mails.find(
        (m) => m.headers.get('x-aduan-kind') === 'report-bulanan' && recipientOf(m) === PIMPINAN,
      )!;
      expect(recap.subject).toBe('Rekap bulanan pengaduan Oktober 2026');
      expect(recap.attachments.map((a) => a.filename)).toEqual([
        'rekap-bulanan-2026-10.pdf',
        'register-aduan-2026-10.xlsx',
      ]);
      expect(await pdfText(recap.attachments[0]!.content)).toContain('Bulan Oktober 2026');

      // Someone else answering the recap changes nothing.
      const stranger = await ingest(
        app,
        await composeMail({
          from: 'orang.lain@gmail.com',
          to: 'aduan@karanganyarkab.go.id',
          subject: `Re: ${recap.subject}`,
          text: 'Setuju',
          inReplyTo: recap.messageId!,
        }),
        wib('2026-11-02T09:00'),
      );
      expect(stranger).toMatchObject({ outcome: 'ignored' });
      expect((await app.app.store.repos.reports.find('bulanan', '2026-10'))?.disposition).toBeNull();

      // The head's disposition, written above the quoted recap.
      const disposition = await ingest(
        app,
        await composeMail({
          from: `Drs. Bambang Haryanto <${PIMPINAN}>`,
          to: 'aduan@karanganyarkab.go.id',
          subject: `Re: ${recap.subject}`,
          text: `Agar DPUPR menyelesaikan aduan pungli paling lambat Jumat, dan admin memantau tiap hari.\n\nOn Mon, 2 Nov 2026 Layanan Pengaduan wrote:\n> ${recap.text?.split('\n')[0]}`,
          inReplyTo: recap.messageId!,
        }),
        wib('2026-11-02T10:00'),
      );
      expect(disposition).toMatchObject({
        outcome: 'command',
        reason: 'disposition on the bulanan report 2026-10 archived',
      });
      const archived = await app.app.store.repos.reports.find('bulanan', '2026-10');
      expect(archived?.disposition).toMatchObject({
        by: PIMPINAN,
        at: wib('2026-11-02T10:01'),
        text: 'Agar DPUPR menyelesaikan aduan pungli paling lambat Jumat, dan admin memantau tiap hari.',
      });
      await app.app.runDelivery();
      const confirmation = (await outboxMails(app)).find((m) => m.subject?.startsWith('Disposisi atas'));
      expect(recipientOf(confirmation!)).toBe(PIMPINAN);
      expect(confirmation?.subject).toBe('Disposisi atas Rekap Bulanan Oktober 2026 telah diarsipkan');
    },
  );
});
