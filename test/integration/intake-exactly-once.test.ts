import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/mail/maildir/maildir.ts';
import { drainMaildir } from '../../src/mail/maildir/maildir-source.ts';
import { createApp } from '../../src/main.ts';
import { ingestMessages, processPendingMessages } from '../../src/use-cases/ingest-message.ts';
import { receiveRawMessage } from '../../src/use-cases/receive-raw-message.ts';
import {
  eventsOf,
  example,
  FIXTURE_ACK_ID,
  fixtureWith,
  ingest,
  outboxMails,
  sentAcknowledgementId,
  testDatabases,
} from '../support/intake.ts';
import type { TestApp } from '../support/test-app.ts';

// A crash at each point of the pipeline, then a restart on the same database and folders: no
// complaint lost, none registered twice, no acknowledgement sent twice.

const MONDAY = (time: string) => new Date(`2026-11-23T${time}:00+08:00`);
const silent = pino({ level: 'silent' });
const { appOn } = testDatabases({ beforeAll, afterAll });
let t: TestApp;
afterEach(async () => t?.dispose());

function inbox(app: TestApp['app']) {
  const mailbox = app.config.mailboxes.find((m) => m.name === 'pengaduan');
  if (mailbox?.type !== 'maildir') throw new Error('the test app reads Maildir folders');
  return mailbox;
}

describe.each(['sqlite', 'postgresql'] as const)('exactly once on %s', (dialect) => {
  it('after the raw commit: the stored message is decided on restart', async () => {
    t = await appOn(dialect);
    await receiveRawMessage(
      {
        raw: example('email-gmail-jalan-rusak.eml'),
        source: 'pengaduan',
        sourceKey: 'crash-1',
        receivedAt: MONDAY('08:00'),
      },
      t.app.intakeDeps,
    );
    await t.restart();
    expect((await t.app.runIntake()).map((r) => [r.outcome, r.tracking])).toEqual([
      ['registered', 'ADU-2026-000001'],
    ]);
    expect(await t.app.runIntake()).toEqual([]);
    expect(await t.app.store.repos.complaints.list({ limit: 10 })).toHaveLength(1);
  });

  it('after registration, before the Maildir move: the file offered again is the same complaint', async () => {
    t = await appOn(dialect);
    await t.deliver('pengaduan', example('email-gmail-jalan-rusak.eml'), MONDAY('08:00'));
    const crashed = await drainMaildir(
      inbox(t.app),
      async (batch) => {
        await ingestMessages(batch, t.app.intakeDeps);
        throw new Error('power cut before the file was moved');
      },
      silent,
    );
    expect(crashed).toBe(0);
    expect(await listMessages(inbox(t.app).path, 'new')).toHaveLength(1);

    await t.restart();
    const results = await t.app.runIntake();
    expect(results.map((r) => [r.outcome, r.tracking])).toEqual([['registered', 'ADU-2026-000001']]);
    expect(await listMessages(inbox(t.app).path, 'new')).toEqual([]);
    expect(await t.app.store.repos.complaints.list({ limit: 10 })).toHaveLength(1);
    expect(await t.app.store.repos.outbox.countByStatus()).toEqual({ pending: 1, sent: 0, failed: 0 });
  });

  it('inside the registration transaction: nothing is kept, the tracking number is given back', async () => {
    t = await appOn(dialect);
    const render = t.app.intakeDeps.renderMail;
    t.app.intakeDeps.renderMail = () => {
      throw new Error('disk full while rendering');
    };
    await t.deliver('pengaduan', example('email-gmail-jalan-rusak.eml'), MONDAY('08:00'));
    expect(await t.app.runIntake()).toEqual([]); // the failure is logged, nothing decided
    t.app.intakeDeps.renderMail = render;
    expect(await t.app.store.repos.complaints.list({ limit: 10 })).toEqual([]);
    expect(await t.app.store.repos.sequences.peek('tracking:2026')).toBe(0);
    // The receipt had committed, so the file was taken; the message waits, still 'received'.
    expect(await listMessages(inbox(t.app).path, 'new')).toEqual([]);
    expect((await t.app.store.repos.inbound.listByStatus('received', 10)).length).toBe(1);

    await t.restart();
    const results = await t.app.runIntake();
    // The pending sweep finishes it, with the number the failed attempt gave back.
    expect(results.map((r) => [r.outcome, r.tracking])).toEqual([['registered', 'ADU-2026-000001']]);
    expect(await t.app.store.repos.complaints.list({ limit: 10 })).toHaveLength(1);
    expect(await t.app.runIntake()).toEqual([]);
  });

  it('after the acknowledgement was delivered, before it was marked sent: the resend overwrites it', async () => {
    t = await appOn(dialect);
    await ingest(t, example('email-gmail-jalan-rusak.eml'), MONDAY('08:00'));
    const [due] = await t.app.store.repos.outbox.listDue(t.clock.now, 10);
    const { messageId } = await t.app.transport.send(due!); // written to the outbox Maildir, then the crash

    await t.restart();
    expect(await t.app.runDelivery()).toEqual({ sent: 1, failed: 0 });
    expect(await t.app.runDelivery()).toEqual({ sent: 0, failed: 0 });
    const mails = await outboxMails(t);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.messageId).toBe(messageId);
    expect(await t.app.store.repos.outbox.findByMessageId(messageId)).toMatchObject({
      id: due!.id,
      status: 'sent',
    });
  });

  it('a follow-up and a bounce stored but not decided are decided once on restart', async () => {
    t = await appOn(dialect);
    await ingest(t, example('email-thunderbird-informasi.eml'), MONDAY('08:29'));
    await t.app.runDelivery();
    const ackId = await sentAcknowledgementId(t, 'ADU-2026-000001');
    for (const [key, name] of [
      ['crash-follow-up', 'follow-up-gmail-reply.eml'],
      ['crash-bounce', 'dsn-bounce-postfix.eml'],
    ] as const) {
      await receiveRawMessage(
        {
          raw: fixtureWith(name, { [FIXTURE_ACK_ID]: ackId }),
          source: 'pengaduan',
          sourceKey: key,
          receivedAt: MONDAY('09:14'),
        },
        t.app.intakeDeps,
      );
    }
    await t.restart();
    const results = await t.app.runIntake();
    expect(results.map((r) => r.outcome)).toEqual(['appended', 'bounce']);
    expect(await t.app.runIntake()).toEqual([]);
    const types = (await eventsOf(t, 'ADU-2026-000001')).map((e) => e.type);
    expect(types.filter((type) => type === 'complaint.follow_up')).toHaveLength(1);
    expect(types.filter((type) => type === 'mail.delivery_report' || type === 'mail.bounced')).toHaveLength(
      1,
    );
  });

  it('two services deciding the same stored message at once register it once', async () => {
    t = await appOn(dialect);
    for (const n of [1, 2, 3]) {
      const raw = example('email-gmail-jalan-rusak.eml')
        .toString('latin1')
        .replace(
          '<CAKx8vJ3Qm+Yp2Z3WkH8h35TQvOtGUAQHwNmV8tigxuSM_=wA@mail.gmail.com>',
          `<copy-${n}@mail.gmail.com>`,
        )
        .replace('jalan berlubang di Desa', `jalan berlubang (${n}) di Desa`);
      await receiveRawMessage(
        {
          raw: Buffer.from(raw, 'latin1'),
          source: 'pengaduan',
          sourceKey: `race-${n}`,
          receivedAt: MONDAY('08:00'),
        },
        t.app.intakeDeps,
      );
    }
    const twin = await createApp(
      { config: t.app.config, file: null, baseDir: path.dirname(t.app.config.dataDir) },
      { clock: () => t.clock.now, log: silent },
    );
    try {
      const [a, b] = await Promise.all([
        processPendingMessages(t.app.intakeDeps),
        processPendingMessages(twin.intakeDeps),
      ]);
      const tracking = [...a!, ...b!].map((r) => (r instanceof Error ? r : r.tracking));
      expect(new Set(tracking)).toEqual(new Set(['ADU-2026-000001', 'ADU-2026-000002', 'ADU-2026-000003']));
    } finally {
      await twin.close();
    }
    expect(await t.app.store.repos.complaints.list({ limit: 10 })).toHaveLength(3);
    expect(await t.app.store.repos.sequences.peek('tracking:2026')).toBe(3);
    expect(await t.app.store.repos.outbox.countByStatus()).toEqual({ pending: 3, sent: 0, failed: 0 });
  });
});
