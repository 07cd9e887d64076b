import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open-store.ts';
import type { JobDefinition } from '../../src/scheduler/job-definition.ts';
import { createScheduler } from '../../src/scheduler/scheduler.ts';
import { scheduleSlots } from '../../src/scheduler/schedule-slots.ts';
import type { Store } from '../../src/use-cases/ports/store.ts';
import { testDatabases } from '../support/intake.ts';
import type { TestApp } from '../support/test-app.ts';

// The scheduler with an injected clock: which slot a run is for, catching up once after downtime,
// one run per slot across instances on one database, and a dead instance's claim expiring.

let t: TestApp | undefined;
const extraStores: Store[] = [];
afterEach(async () => {
  for (const store of extraStores.splice(0)) await store.close();
  await t?.dispose();
  t = undefined;
});
const { appOn } = testDatabases({ beforeAll, afterAll });
const silent = pino({ level: 'silent' });
const wita = (iso: string) => new Date(`${iso}+08:00`);
/** An instance by name, on another host: known gone only when its lease passes. */
const named = (id: string) => ({ id, isGone: () => false });

/** The daily monitoring job's shape: 07:30 on working days; it counts its runs. */
function dailyJob(runs: Date[], fail = false): JobDefinition {
  return {
    name: 'laporan-harian',
    schedule: '30 7 * * 1-5',
    description: 'Laporan monitoring harian',
    async run(slot) {
      if (fail) throw new Error('SMTP menolak lampiran');
      runs.push(slot);
      return { sent: 1 };
    },
  };
}

describe('schedule slots in the office’s zone', () => {
  it('finds the last and the next 07:30 on working days in WITA', () => {
    const slots = scheduleSlots('30 7 * * 1-5', 'Asia/Makassar');
    expect(slots.previous(wita('2026-11-23T09:00:00'))).toEqual(wita('2026-11-23T07:30:00'));
    // Monday 07:00: the last slot was Friday's.
    expect(slots.previous(wita('2026-11-23T07:00:00'))).toEqual(wita('2026-11-20T07:30:00'));
    expect(slots.next(wita('2026-11-27T08:00:00'))).toEqual(wita('2026-11-30T07:30:00'));
    expect(slots.matches(wita('2026-11-24T07:30:40'))).toBe(true);
    expect(() => scheduleSlots('setiap pagi', 'Asia/Makassar')).toThrow(/no cron schedule/);
  });
});

describe.each(['sqlite', 'postgresql'] as const)('the scheduler on %s', (dialect) => {
  it('catches a missed slot up once on start, then runs each slot as it comes', async () => {
    t = await appOn(dialect);
    const runs: Date[] = [];
    const clock = { now: wita('2026-11-23T09:00:00') }; // the service was down at 07:30
    const scheduler = createScheduler({
      jobs: [dailyJob(runs)],
      store: t.app.store,
      clock: () => clock.now,
      timeZone: 'Asia/Makassar',
      log: silent,
    });
    await scheduler.catchUp();
    expect(await scheduler.runPending()).toEqual([
      { job: 'laporan-harian', slot: wita('2026-11-23T07:30:00'), outcome: 'done' },
    ]);
    // A restart at 10:00 finds today's run done: nothing to catch up.
    clock.now = wita('2026-11-23T10:00:00');
    await scheduler.catchUp();
    expect(await scheduler.runPending()).toEqual([]);
    // node-cron's trigger on Tuesday 07:30.
    clock.now = wita('2026-11-24T07:30:02');
    expect(scheduler.tick(clock.now)).toBe(true);
    await scheduler.runPending();
    expect(runs.slice(0, 2)).toEqual([wita('2026-11-23T07:30:00'), wita('2026-11-24T07:30:00')]);
    // Runs older than 30 days are forgotten as newer ones finish.
    clock.now = wita('2026-12-28T07:30:01');
    scheduler.tick(clock.now);
    await scheduler.runPending();
    expect(await t.app.store.repos.jobRuns.prune('laporan-harian', wita('2026-12-01T00:00:00'))).toBe(0);
    const [status] = await scheduler.status();
    expect(status).toMatchObject({
      name: 'laporan-harian',
      lastRun: { slot: wita('2026-12-28T07:30:00'), outcome: 'done', detail: { sent: 1 } },
      nextRun: wita('2026-12-29T07:30:00'),
    });
  });

  it('takes over a run whose instance died, once its lease has passed, and records a failure', async () => {
    t = await appOn(dialect);
    const slot = wita('2026-11-23T07:30:00');
    // Instance A claimed the 07:30 run and died before finishing it.
    expect(
      await t.app.store.repos.jobRuns.claim('laporan-harian', slot, slot, 'server-a', 15 * 60_000),
    ).not.toBeNull();
    const runs: Date[] = [];
    const clock = { now: wita('2026-11-23T07:40:00') };
    const b = createScheduler({
      jobs: [dailyJob(runs)],
      store: t.app.store,
      clock: () => clock.now,
      timeZone: 'Asia/Makassar',
      log: silent,
      instance: named('server-b'),
    });
    b.tick(slot);
    expect((await b.runPending())[0]!.outcome).toBe('skipped'); // A might still be working
    clock.now = wita('2026-11-23T07:50:00');
    b.tick(slot);
    expect((await b.runPending())[0]!.outcome).toBe('done');
    expect(runs).toEqual([slot]);
    expect(await t.app.store.repos.jobRuns.latest('laporan-harian')).toMatchObject({
      instance: 'server-b',
      outcome: 'done',
    });

    // A run whose process is known gone (killed on this host) is taken over at once.
    const tuesday = wita('2026-11-24T07:30:00');
    expect(
      await t.app.store.repos.jobRuns.claim('laporan-harian', tuesday, tuesday, 'server-a:77', 15 * 60_000),
    ).not.toBeNull();
    const retaken: Date[] = [];
    const c = createScheduler({
      jobs: [dailyJob(retaken)],
      store: t.app.store,
      clock: () => wita('2026-11-24T07:31:00'),
      timeZone: 'Asia/Makassar',
      log: silent,
      instance: { id: 'server-a:78', isGone: (holder) => holder === 'server-a:77' },
    });
    c.tick(tuesday);
    expect((await c.runPending())[0]!.outcome).toBe('done');
    expect(retaken).toEqual([tuesday]);

    const failing = createScheduler({
      jobs: [dailyJob([], true)],
      store: t.app.store,
      clock: () => wita('2026-11-25T07:30:00'),
      timeZone: 'Asia/Makassar',
      log: silent,
    });
    failing.tick(wita('2026-11-25T07:30:00'));
    expect((await failing.runPending())[0]!.outcome).toBe('failed');
    expect(await t.app.store.repos.jobRuns.latest('laporan-harian')).toMatchObject({
      outcome: 'failed',
      detail: { error: 'SMTP menolak lampiran' },
    });
  });
});

// Several instances share PostgreSQL; SQLite is the one-instance embedded mode.
describe('two scheduler instances on one PostgreSQL', () => {
  it('runs a slot once when two instances on one database both see it', async () => {
    t = await appOn('postgresql');
    const other = await openStore(t.app.config.database.url);
    extraStores.push(other);
    const runs: Date[] = [];
    const clock = () => wita('2026-11-23T07:30:05');
    const instances = [t.app.store, other].map((store, n) =>
      createScheduler({
        jobs: [dailyJob(runs)],
        store,
        clock,
        timeZone: 'Asia/Makassar',
        log: silent,
        instance: named(`server-${n + 1}`),
      }),
    );
    for (const scheduler of instances) scheduler.tick(clock());
    const outcomes = (await Promise.all(instances.map((s) => s.runPending()))).flat().map((r) => r.outcome);
    expect(outcomes.sort()).toEqual(['done', 'skipped']);
    expect(runs).toHaveLength(1);
  });
});
