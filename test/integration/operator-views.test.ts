import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMonitor, type Monitor } from '../../src/monitoring/monitor-server.ts';
import { readDeskFigures } from '../../src/use-cases/read-desk-figures.ts';
import { readDeskStatus } from '../../src/use-cases/read-desk-status.ts';
import { IdentityReasonError, showComplaint } from '../../src/use-cases/show-complaint.ts';
import { eventsOf, example, importSampleDirectory, ingest, replier } from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// What an operator sees of a running desk: `aduan status`, `aduan complaint show` and /metrics,
// on a real SQLite desk with two complaints, one sent on to the OPD by a real reply.

const silent = { info() {}, warn() {}, error() {} };
type Health = { status: string; problems: string[] };
let t: TestApp;
let budi: string; // registered 08:00, still at step 1
let lampu: string; // sent on to PUPR by JALUR CEPAT
beforeAll(async () => {
  t = await startTestApp();
  await importSampleDirectory(t);
  budi = (await ingest(t, example('email-gmail-jalan-rusak.eml'), new Date('2026-11-23T08:00:00+08:00')))
    .tracking!;
  lampu = (await ingest(t, example('email-outlook-lampu-jalan.eml'), new Date('2026-11-23T08:30:00+08:00')))
    .tracking!;
  await t.app.runDelivery();
  await replier(t, { mustAccept: true })('admin.aduan@balangankab.go.id', 'JALUR CEPAT pupr');
  await t.app.runDelivery();
});
afterAll(() => t?.dispose());

const deps = () => ({
  store: t.app.store,
  sop: t.app.sop,
  calendar: t.app.calendar,
  clock: () => t.clock.now,
});

describe('aduan status', () => {
  it('counts open complaints by the step they wait at, and lists overdue tasks longest first', async () => {
    // Each step's standard here is 60 working minutes; Tuesday 10:00 WITA both tasks are long late.
    t.clock.now = new Date('2026-11-24T10:00:00+08:00');
    const status = await readDeskStatus(deps());
    expect(status.byStep.map((s) => [s.stepNo, s.complaints])).toEqual([
      [1, 1],
      [5, 1],
    ]);
    expect(status.byStep[1]).toMatchObject({ stepName: 'Penerimaan di OPD', actor: expect.any(String) });
    expect(status.openTasks).toBe(2);
    expect(status.overdueTasks).toBe(2);
    // Budi's task fell due first (09:01 Monday): it leads.
    expect(status.overdue.map((task) => task.trackingNumber)).toEqual([budi, lampu]);
    expect(status.overdue[1]).toMatchObject({ stepNo: 5, unitCode: 'pupr' });
    // Registered 08:01 Monday, due 60 working minutes later; late by the rest of Monday's office
    // hours (09:01-16:00) and Tuesday's first (07:30-10:00), in working time as the SOP counts.
    expect(status.overdue[0]!.dueAt).toEqual(new Date('2026-11-23T09:01:00+08:00'));
    expect(status.overdue[0]!.overdueWorkingMinutes).toBe(419 + 150);
    expect(status.outbox.pending).toBe(0);
  });

  it('lists no more overdue tasks than asked, and none before anything is due', async () => {
    t.clock.now = new Date('2026-11-24T10:00:00+08:00');
    expect((await readDeskStatus(deps(), 1)).overdue).toHaveLength(1);
    t.clock.now = new Date('2026-11-23T08:40:00+08:00');
    const early = await readDeskStatus(deps());
    expect([early.overdueTasks, early.overdue.length]).toEqual([0, 0]);
  });
});

describe('aduan complaint show', () => {
  it("withholds the complainant's identity everywhere in the view unless asked with a reason", async () => {
    const view = (await showComplaint(budi, deps(), { show: false }))!;
    const text = JSON.stringify(view);
    for (const secret of ['Budi Santoso', '6311031204870000', 'budi.santoso.skm@gmail.com'])
      expect(text).not.toContain(secret);
    expect(view.identity).toBeNull();
    expect(view.timeline.some((entry) => entry.what === 'complaint.registered')).toBe(true);
    // The acknowledgement went to the complainant: shown, without the address.
    expect(view.timeline.find((entry) => entry.what === 'mail')?.detail).toMatch(/^to \[dirahasiakan\]: /);
    expect(view.tasks.map((task) => task.stepName)).toEqual(['1. Registrasi aduan']);
    // No reading of the identity was recorded.
    expect((await eventsOf(t, budi)).filter((e) => e.type === 'identity.viewed')).toEqual([]);
  });

  it('shows the identity when asked with a reason, and records who asked and why', async () => {
    const reason = 'klarifikasi identitas atas permintaan Inspektorat';
    const view = (await showComplaint(budi, deps(), { show: true, reason, actor: 'operator:rina' }))!;
    expect(view.identity).toMatchObject({ name: 'Budi Santoso', nik: '6311031204870000' });
    const viewed = (await eventsOf(t, budi)).filter((e) => e.type === 'identity.viewed');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ actor: 'operator:rina', data: { reason } });
  });

  it('refuses a reason too short to say anything, and records nothing', async () => {
    await expect(
      showComplaint(lampu, deps(), { show: true, reason: 'cek', actor: 'operator:rina' }),
    ).rejects.toBeInstanceOf(IdentityReasonError);
    expect((await eventsOf(t, lampu)).filter((e) => e.type === 'identity.viewed')).toEqual([]);
  });

  it('shows the whole path of a complaint that moved on: tasks, the reply, the OPD', async () => {
    const view = (await showComplaint(lampu.toLowerCase(), deps(), { show: false }))!;
    expect(view.complaint).toMatchObject({ opdUnitCode: 'pupr', stepName: '5. Penerimaan di OPD' });
    expect(view.tasks.map((task) => [task.stepName, task.status])).toEqual([
      ['1. Registrasi aduan', 'done'],
      ['5. Penerimaan di OPD', 'open'],
    ]);
    expect(view.timeline.map((entry) => entry.what)).toContain('command.accepted');
    expect(await showComplaint('ADU-2026-999999', deps(), { show: false })).toBeNull();
  });
});

describe('/healthz and /metrics', () => {
  let monitor: Monitor;
  const url = (path: string) => `http://127.0.0.1:${monitor.port}${path}`;
  beforeAll(async () => {
    t.clock.now = new Date('2026-11-24T10:00:00+08:00');
    monitor = await startMonitor({
      port: 0,
      host: '127.0.0.1',
      figures: () => readDeskFigures({ store: t.app.store, clock: () => t.clock.now }),
      pingDatabase: () => t.app.store.ping(),
      clock: () => t.clock.now,
      log: silent,
    });
  });
  afterAll(() => monitor?.close());

  it("serves the desk's figures in Prometheus' text format", async () => {
    const response = await fetch(url('/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const value = (line: string) =>
      Number(new RegExp(`^${line.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('aduan_inbound_messages_total{status="registered"}')).toBe(2);
    expect(value('aduan_inbound_messages_total{status="command"}')).toBe(1);
    expect(value('aduan_inbound_messages_total{status="quarantined"}')).toBe(0);
    expect(value('aduan_commands_total{result="accepted"}')).toBe(1);
    expect(value('aduan_commands_total{result="refused"}')).toBe(0);
    expect(value('aduan_tasks_open')).toBe(2);
    expect(value('aduan_tasks_overdue')).toBe(2);
    expect(value('aduan_outbox_pending')).toBe(0);
    expect(value('aduan_outbox_oldest_pending_seconds')).toBe(0);
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts job runs and the last cycle as the loop reports them', async () => {
    monitor.cycleDone({
      at: t.clock.now,
      jobs: [
        { job: 'pengingat', outcome: 'done' },
        { job: 'pengingat', outcome: 'done' },
        { job: 'rekap-bulanan', outcome: 'failed' },
      ],
      error: null,
    });
    const text = await (await fetch(url('/metrics'))).text();
    expect(text).toContain('aduan_job_runs_total{job="pengingat",outcome="done"} 2');
    expect(text).toContain('aduan_job_runs_total{job="rekap-bulanan",outcome="failed"} 1');
    expect(text).toContain(`aduan_last_cycle_timestamp_seconds ${t.clock.now.getTime() / 1000}`);
  });

  it('is healthy while cycles finish and the database answers, and says why when not', async () => {
    monitor.cycleDone({ at: t.clock.now, jobs: [], error: null });
    const ok = await fetch(url('/healthz'));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', problems: [] });

    t.clock.now = new Date(t.clock.now.getTime() + 6 * 60_000);
    const stuck = await fetch(url('/healthz'));
    expect(stuck.status).toBe(503);
    expect(((await stuck.json()) as Health).problems).toEqual(['no cycle for 360 s']);

    monitor.cycleDone({ at: t.clock.now, jobs: [], error: 'database is locked' });
    const failing = (await (await fetch(url('/healthz'))).json()) as Health;
    expect(failing.problems).toEqual(['last cycle failed: database is locked']);
    monitor.cycleDone({ at: t.clock.now, jobs: [], error: null });
    expect((await fetch(url('/nothing'))).status).toBe(404);
  });

  it('reports a database that does not answer', async () => {
    const down = await startMonitor({
      port: 0,
      host: '127.0.0.1',
      figures: () => Promise.reject(new Error('connection refused')),
      pingDatabase: () => Promise.reject(new Error('connection refused')),
      clock: () => t.clock.now,
      log: silent,
    });
    try {
      down.cycleDone({ at: t.clock.now, jobs: [], error: null });
      const health = await fetch(`http://127.0.0.1:${down.port}/healthz`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as Health).problems).toEqual(['database: connection refused']);
      expect((await fetch(`http://127.0.0.1:${down.port}/metrics`)).status).toBe(503);
    } finally {
      await down.close();
    }
  });
});
