/**
 * The servers around the service failing and coming back, with the real servers and a clock the
 * test moves: the SMTP receiver down for a while (mail waits with growing backoff, then all of it
 * goes, once), and PostgreSQL restarted under a running service (the next cycle works again, with
 * nothing lost; the reports' own connection too). Dovecot restarting is in imap-intake.test.ts.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeMonthlyReport } from '../../src/use-cases/make-monthly-report.ts';
import { example, ingest } from '../support/intake.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const MONDAY = new Date('2026-11-23T08:00:00+08:00');
const minutes = (n: number) => n * 60_000;

/** A logger that keeps its lines, as `aduan start` would print them. */
function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** Three complaints, each its own (Message-ID, sender). */
function complaint(n: number): Buffer {
  const raw = example('email-gmail-jalan-rusak.eml')
    .toString('latin1')
    .replace(
      '<CAKx8vJ3Qm+Yp2Z3WkH8h35TQvOtGUAQHwNmV8tigxuSM_=wA@mail.gmail.com>',
      `<gagal-${n}@mail.gmail.com>`,
    )
    .replaceAll('budi.santoso.skm@gmail.com', `warga.${n}@gmail.com`);
  return Buffer.from(raw, 'latin1');
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe('the SMTP server down for a while', () => {
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
  });
  afterAll(() => smtp.stop());

  it('keeps every mail queued with growing backoff, then delivers each once when it is back', async () => {
    const { log, lines } = recordingLog();
    t = await startTestApp(
      { delivery: { type: 'smtp', host: '127.0.0.1', port: smtp.port, secure: false } },
      { log },
    );
    await smtp.down();
    for (const n of [1, 2, 3]) await ingest(t, complaint(n), MONDAY);

    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 3 });
    t.clock.now = new Date(t.clock.now.getTime() + minutes(1));
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 3 });
    t.clock.now = new Date(t.clock.now.getTime() + minutes(1));
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 }); // waiting out the backoff

    // The backoff, in the log an operator reads: 1 minute, then 2, for each mail.
    const failures = lines.filter((line) => line.msg === 'mail delivery failed');
    expect(failures).toHaveLength(6);
    expect(failures.map((line) => line.attempts)).toEqual([1, 1, 1, 2, 2, 2]);
    expect(failures.map((line) => Date.parse(line.retryAt as string) - MONDAY.getTime())).toEqual(
      [2, 2, 2, 4, 4, 4].map(minutes), // tried at +1 and +2 minutes: retry 1, then 2 minutes later
    );
    expect(failures.every((line) => /ECONNREFUSED/.test(String(line.err)))).toBe(true);

    await smtp.up();
    t.clock.now = new Date(t.clock.now.getTime() + minutes(2));
    expect(await t.app.runDelivery()).toEqual({ sent: 3, failed: 0 });
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual([
      'warga.1@gmail.com',
      'warga.2@gmail.com',
      'warga.3@gmail.com',
    ]);
    expect(await t.app.store.repos.outbox.countByStatus()).toMatchObject({ pending: 0, sent: 3, failed: 0 });
  });
});

describe('PostgreSQL restarted under a running service', () => {
  let postgres: PostgresServer;
  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(() => postgres.stop());

  it('works again on the next cycle, nothing lost, the reports’ connection too', async () => {
    const { log, lines } = recordingLog();
    t = await startTestApp({}, { databaseUrl: await postgres.createDatabase(), log });
    await ingest(t, complaint(1), MONDAY);
    await makeMonthlyReport(2026, 11, t.app.intakeDeps); // opens the reports' own connection

    await postgres.restart(); // every connection cut
    await t.deliver('pengaduan', complaint(2), t.clock.now);
    t.clock.now = new Date(t.clock.now.getTime() + minutes(1));
    // `aduan start` logs a failed cycle and runs the next one; two cycles are enough.
    let results: Awaited<ReturnType<TestApp['app']['runIntake']>> = [];
    for (let cycle = 1; cycle <= 2 && !results.length; cycle++) {
      try {
        results = await t.app.runIntake();
      } catch (error) {
        log.error({ err: (error as Error).message, cycle }, 'cycle failed');
      }
    }
    expect(results.map((r) => r.tracking)).toEqual(['ADU-2026-000002']);
    expect(await t.app.runDelivery()).toEqual({ sent: 2, failed: 0 });
    t.clock.now = new Date(t.clock.now.getTime() + minutes(1));
    const { figures } = await makeMonthlyReport(2026, 11, t.app.intakeDeps);
    expect(figures.totals.received).toBe(2);
    expect(lines.filter((line) => line.msg === 'cycle failed').length).toBeLessThanOrEqual(1);
  });
});
