import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDailyReport } from '../../src/use-cases/make-daily-report.ts';
import { makeMonthlyReport } from '../../src/use-cases/make-monthly-report.ts';
import { createReportMaker } from '../../src/workers/report-maker.ts';
import { example, importSampleDirectory, ingest, replier } from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// `aduan start` makes its scheduled reports in a process that exits with each report (the memory of a
// big recap goes with it). That process must make exactly the report the service would have made.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await importSampleDirectory(t);
  await ingest(t, example('email-gmail-jalan-rusak.eml'), new Date('2026-11-23T08:00:00+08:00'));
  await ingest(t, example('email-outlook-lampu-jalan.eml'), new Date('2026-11-23T08:30:00+08:00'));
  await t.app.runDelivery();
  await replier(t, { mustAccept: true })('admin.aduan@balangankab.go.id', 'JALUR CEPAT pupr');
  t.clock.now = new Date('2026-11-24T09:00:00+08:00');
});
afterAll(() => t?.dispose());

describe('reports made in a process of their own', () => {
  const maker = () =>
    createReportMaker({ config: t.app.config, file: null, baseDir: path.dirname(t.app.config.dataDir) });

  it('gives the same monthly recap, PDF and register as the service makes in-process', async () => {
    const here = await makeMonthlyReport(2026, 11, t.app.intakeDeps);
    const there = await maker().monthly(2026, 11, t.clock.now);
    expect(there.figures).toEqual(here.figures);
    expect(there.figures.totals.received).toBe(2);
    expect(Buffer.from(there.xlsx).equals(Buffer.from(here.xlsx))).toBe(true);
    expect(Buffer.from(there.pdf).equals(Buffer.from(here.pdf))).toBe(true);
  });

  it('gives the same daily report', async () => {
    const here = await makeDailyReport('2026-11-24', t.app.intakeDeps);
    const there = await maker().daily('2026-11-24', t.clock.now);
    expect(there.figures).toEqual(here.figures);
    expect(Buffer.from(there.pdf).equals(Buffer.from(here.pdf))).toBe(true);
  });

  it('says why when the process cannot make it', async () => {
    const broken = createReportMaker({
      config: { ...t.app.config, database: { url: `file:${path.join(t.dir, 'tidak-ada', 'x.db')}` } },
      file: null,
      baseDir: t.dir,
    });
    await expect(broken.monthly(2026, 11, t.clock.now)).rejects.toThrow(/units` does not exist/);
  });
});
