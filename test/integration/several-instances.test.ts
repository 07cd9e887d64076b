import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { thisInstance } from '../../src/cluster/instance.ts';
import { createApp, type App } from '../../src/main.ts';
import { LEASE_MS } from '../../src/use-cases/hold-leases.ts';
import { example, testDatabases } from '../support/intake.ts';
import type { TestApp } from '../support/test-app.ts';

// Two services on one database and the same mailboxes: one reads each mailbox, the other stands
// by and takes over when the first stops renewing its lease (it died) or hands it over (it stopped).

const silent = pino({ level: 'silent' });
const { appOn } = testDatabases({ beforeAll, afterAll });
let t: TestApp | undefined;
let standby: App | undefined;
afterEach(async () => {
  await standby?.close();
  standby = undefined;
  await t?.dispose();
  t = undefined;
});

/** A complaint from Gmail, made distinct by `n`. */
function complaint(n: number): Buffer {
  const raw = example('email-gmail-jalan-rusak.eml')
    .toString('latin1')
    .replace(
      '<CAKx8vJ3Qm+Yp2Z3WkH8h35TQvOtGUAQHwNmV8tigxuSM_=wA@mail.gmail.com>',
      `<lease-${n}@mail.gmail.com>`,
    )
    .replace('jalan berlubang di Desa', `jalan berlubang (${n}) di Desa`);
  return Buffer.from(raw, 'latin1');
}

describe.each(['sqlite', 'postgresql'] as const)('several instances on %s', (dialect) => {
  it('one reads each mailbox; the other takes over when its lease lapses, or at once when handed over', async () => {
    t = await appOn(dialect, {}, { instance: thisInstance('server-a', 101) });
    const a = t.app;
    standby = await createApp(
      { config: a.config, file: null, baseDir: path.dirname(a.config.dataDir) },
      { clock: () => t!.clock.now, log: silent, instance: thisInstance('server-b', 202) },
    );
    const b = standby;
    const names = (app: App) => app.heldSources().map((source) => source.name);
    const start = t.clock.now;

    await t.deliver('pengaduan', complaint(1), start);
    expect((await a.runIntake()).map((r) => r.tracking)).toEqual(['ADU-2026-000001']);
    expect(names(a)).toContain('pengaduan');
    await t.deliver('pengaduan', complaint(2), start);
    expect(await b.runIntake()).toEqual([]); // standing by: A holds the mailbox
    expect(names(b)).toEqual([]);
    expect(await a.runIntake()).toHaveLength(1);

    // A stops renewing (it hangs or died on another host): after the lease, B reads the mailbox.
    await t.deliver('pengaduan', complaint(3), start);
    t.clock.now = new Date(start.getTime() + LEASE_MS - 1_000);
    expect(await b.runIntake()).toEqual([]);
    t.clock.now = new Date(start.getTime() + LEASE_MS + 1_000);
    expect((await b.runIntake()).map((r) => r.tracking)).toEqual(['ADU-2026-000003']);
    expect(names(b)).toContain('pengaduan');
    expect(await a.runIntake()).toEqual([]); // A comes back and finds it taken
    expect(names(a)).toEqual([]);

    // B stops cleanly: it hands the mailboxes over, and A reads at once.
    await b.close();
    standby = undefined;
    await t.deliver('pengaduan', complaint(4), t.clock.now);
    expect((await a.runIntake()).map((r) => r.tracking)).toEqual(['ADU-2026-000004']);
    expect(await a.store.repos.complaints.list({ limit: 10 })).toHaveLength(4);
    expect((await a.store.repos.leases.list()).map((lease) => lease.holder)).toEqual(
      a.config.mailboxes.map(() => 'server-a:101'),
    );
  });
});
