import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectImap, type ConnectImap, type ImapMailboxConfig } from '../../src/mail/imap/imap-client.ts';
import { ImapSourceError } from '../../src/mail/imap/imap-errors.ts';
import { TAKEN_KEYWORD } from '../../src/mail/imap/imap-mark.ts';
import { createImapSource } from '../../src/mail/imap/imap-source.ts';
import { ingestMessage } from '../../src/use-cases/ingest-message.ts';
import type { IntakeResult } from '../../src/use-cases/intake-result.ts';
import type { Logger } from '../../src/use-cases/ports/logger.ts';
import type { IncomingRaw, MailSource } from '../../src/use-cases/ports/mail-source.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// IMAP intake against a real Dovecot: mail APPENDed by another client is registered once, moved
// (or flagged) and never deleted, through IDLE, a server restart and a UIDVALIDITY change.

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/mail');
const sample = (name: string) => readFileSync(path.join(EXAMPLES, name));
const GMAIL = sample('email-gmail-jalan-rusak.eml');
const THUNDERBIRD = sample('email-thunderbird-informasi.eml');
const YAHOO = sample('email-yahoo-sampah-windows1252.eml');
const OUT_OF_OFFICE = sample('auto-reply-out-of-office.eml');

const USERS = ['intake', 'idle', 'restart', 'backoff', 'uidvalidity', 'crash', 'keyword', 'password'];
let dovecot: DovecotServer;
beforeAll(async () => {
  dovecot = await startDovecot({ users: USERS });
});
afterAll(async () => dovecot?.stop());

let t: TestApp | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await t?.dispose();
  t = undefined;
});

/** The mailbox as `aduan.config.yaml` would configure it, for Dovecot user `user`. */
function imapMailbox(user: string, extra: Partial<ImapMailboxConfig> = {}): ImapMailboxConfig {
  return dovecot.mailbox(user, extra);
}

async function appWith(mailbox: ImapMailboxConfig): Promise<TestApp> {
  t = await startTestApp({ mailboxes: [mailbox] });
  return t;
}

async function complaintCount(app: TestApp): Promise<number> {
  return (await app.app.store.repos.complaints.list({ limit: 1000 })).length;
}

/** A logger that keeps what it was told, and lets a test wait for a line. */
function recordingLogger() {
  const lines: { level: 'info' | 'warn' | 'error'; message: string; fields: Record<string, unknown> }[] = [];
  const listeners = new Set<() => void>();
  const add = (level: 'info' | 'warn' | 'error') => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, message, fields });
    for (const listener of listeners) listener();
  };
  const log: Logger = { info: add('info'), warn: add('warn'), error: add('error') };
  const until = (test: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => test() && (listeners.delete(check), resolve());
      listeners.add(check);
      check();
    });
  return { log, lines, until };
}

/** A source built by hand, to give it a recording logger and fast reconnection. */
function sourceFor(app: TestApp, mailbox: ImapMailboxConfig, log: Logger, connect?: ConnectImap): MailSource {
  const source = createImapSource(mailbox, {
    store: app.app.store,
    clock: () => app.clock.now,
    log,
    connect,
    // The top of each jitter range, so the delays can be checked exactly.
    backoff: { initialMs: 20, maxMs: 100, random: () => 1 },
  });
  cleanups.push(() => source.close());
  return source;
}

describe('IMAP intake on Dovecot', () => {
  it('registers APPENDed mail once, moves it to the processed folder (nothing deleted) and saves the position', async () => {
    const app = await appWith(imapMailbox('intake'));
    for (const raw of [GMAIL, THUNDERBIRD, YAHOO, OUT_OF_OFFICE])
      await dovecot.appendRaw('intake', 'INBOX', raw);

    const results = await app.app.runIntake();
    expect(results.map((r) => r.outcome).sort()).toEqual([
      'ignored',
      'registered',
      'registered',
      'registered',
    ]);
    expect(await complaintCount(app)).toBe(3);
    expect(await dovecot.count('intake', 'INBOX')).toBe(0);
    expect(await dovecot.count('intake', 'Diproses')).toBe(4);
    const position = await app.app.store.repos.mailboxes.position('pengaduan');
    expect(position?.lastUid).toBe(4n);

    expect(await app.app.runIntake()).toEqual([]);
    expect(await dovecot.count('intake', 'Diproses')).toBe(4);
  });

  it('wakes up from IDLE when another client APPENDs, and takes the new mail', async () => {
    const app = await appWith(imapMailbox('idle'));
    await app.app.runIntake(); // connects and selects INBOX; the connection then goes into IDLE
    const [source] = app.app.sources;
    const waited = AbortSignal.timeout(10_000);
    const woken = source!.waitForMail(waited);
    await dovecot.appendRaw('idle', 'INBOX', GMAIL);
    await woken;
    expect(waited.aborted).toBe(false); // woken by EXISTS, not by the 60 s poll nor the guard
    const results = await app.app.runIntake();
    expect(results.map((r) => r.outcome)).toEqual(['registered']);
  });

  it('reconnects with backoff after a server restart and takes mail that arrived meanwhile', async () => {
    const app = await appWith(imapMailbox('restart'));
    const recorder = recordingLogger();
    const source = sourceFor(app, imapMailbox('restart'), recorder.log);
    const results: IntakeResult[] = [];
    let secondTaken: () => void = () => {};
    const taken = new Promise<void>((resolve) => (secondTaken = resolve));
    const accept = async (batch: readonly IncomingRaw[]) => {
      for (const message of batch) results.push(await ingestMessage(message, app.app.intakeDeps));
      if (results.length === 2) secondTaken();
      return batch.map(() => true);
    };
    await dovecot.appendRaw('restart', 'INBOX', GMAIL);
    expect(await source.drain(accept)).toBe(1);

    // The service loop as `aduan start` runs it: drain, then wait for mail (IDLE) or a lost connection.
    const stop = new AbortController();
    const errors: Error[] = [];
    const loop = (async () => {
      while (!stop.signal.aborted) {
        await source.waitForMail(stop.signal);
        if (stop.signal.aborted) break;
        await source.drain(accept).catch((error: Error) => errors.push(error));
      }
    })();
    await dovecot.restart();
    await dovecot.appendRaw('restart', 'INBOX', THUNDERBIRD);
    await taken;
    stop.abort();
    await loop;

    expect(results.map((r) => r.outcome)).toEqual(['registered', 'registered']);
    expect(recorder.lines.some((l) => l.message === 'IMAP connection lost; reconnecting')).toBe(true);
    // Every drain that failed while the server was down failed as "unreachable", not as a crash.
    expect(errors.every((e) => e instanceof ImapSourceError && e.code === 'unreachable')).toBe(true);
    expect(await dovecot.count('restart', 'Diproses')).toBe(2);
  });

  it('while the server is unreachable, retries with exponential backoff and logs every attempt', async () => {
    const app = await appWith(imapMailbox('backoff'));
    const recorder = recordingLogger();
    let refusals = 4;
    // Simulates a server that refuses connections for the first four attempts.
    const connect: ConnectImap = async (options) => {
      if (refusals-- > 0) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return connectImap(options);
    };
    const source = sourceFor(app, imapMailbox('backoff'), recorder.log, connect);
    await expect(source.drain(async (batch) => batch.map(() => true))).rejects.toMatchObject({
      code: 'unreachable',
    });
    await source.waitForMail(AbortSignal.timeout(5000)); // resolves once connected again
    const attempts = recorder.lines.filter((l) => l.fields.code === 'unreachable');
    expect(attempts.map((l) => [l.level, l.fields.attempt, l.fields.retryInMs])).toEqual([
      ['warn', 1, 20],
      ['warn', 2, 40],
      ['warn', 3, 80],
      ['warn', 4, 100],
    ]);
    expect(attempts[0]!.message).toMatch(
      /Mailbox "pengaduan".*cannot reach the IMAP server.*Check host and port/,
    );
    expect(recorder.lines.at(-1)).toMatchObject({ level: 'info', message: 'IMAP connection restored' });
    expect(await source.drain(async (batch) => batch.map(() => true))).toBe(0);
  });

  it('reads the whole folder again after a UIDVALIDITY change and registers nothing twice', async () => {
    const app = await appWith(imapMailbox('uidvalidity'));
    await dovecot.appendRaw('uidvalidity', 'INBOX', GMAIL);
    await dovecot.appendRaw('uidvalidity', 'INBOX', THUNDERBIRD);
    expect((await app.app.runIntake()).map((r) => r.outcome)).toEqual(['registered', 'registered']);

    // A restore from backup: the same two messages are back, with one new one, under a new UIDVALIDITY.
    for (const raw of [GMAIL, THUNDERBIRD, YAHOO]) await dovecot.appendRaw('uidvalidity', 'INBOX', raw);
    const uidValidity = await dovecot.changeUidValidity('uidvalidity', 'INBOX');
    const results = await app.app.runIntake();

    expect(results.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate', 'registered']);
    expect(await complaintCount(app)).toBe(3);
    expect(await app.app.store.repos.mailboxes.position('pengaduan')).toEqual({ uidValidity, lastUid: 5n });
    expect(await dovecot.count('uidvalidity', 'Diproses')).toBe(5);
  });

  it('does not register twice when the service died between taking a message and moving it', async () => {
    const app = await appWith(imapMailbox('crash'));
    const uid = await dovecot.appendRaw('crash', 'INBOX', GMAIL);
    const client = await dovecot.client('crash');
    const status = await client.status('INBOX', { uidValidity: true });
    await client.logout();
    // What the source did before the crash: the receipt committed under the message's key...
    const first = await ingestMessage(
      {
        raw: GMAIL,
        source: 'pengaduan',
        sourceKey: `${status && status.uidValidity}:${uid}`,
        receivedAt: app.clock.now,
      },
      app.app.intakeDeps,
    );
    expect(first.outcome).toBe('registered');
    // ...but the message is still in INBOX, so the restarted service offers it again.
    const results = await app.app.runIntake();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ outcome: 'registered', tracking: first.tracking });
    expect(await complaintCount(app)).toBe(1);
    expect(await dovecot.count('crash', 'INBOX')).toBe(0);
  });

  it('without a processed folder, leaves mail in INBOX with a private keyword (not \\Seen) and never takes it again', async () => {
    const app = await appWith(imapMailbox('keyword', { processedFolder: undefined }));
    await dovecot.appendRaw('keyword', 'INBOX', GMAIL);
    expect((await app.app.runIntake()).map((r) => r.outcome)).toEqual(['registered']);
    expect(await app.app.runIntake()).toEqual([]);

    const client = await dovecot.client('keyword');
    await client.mailboxOpen('INBOX', { readOnly: true });
    const [message] = await client.fetchAll('1:*', { uid: true, flags: true });
    await client.logout();
    expect(message?.flags?.has(TAKEN_KEYWORD)).toBe(true);
    expect(message?.flags?.has('\\Seen')).toBe(false);

    // Even a rescan after a UIDVALIDITY change passes over it: the keyword says it was taken.
    await dovecot.changeUidValidity('keyword', 'INBOX');
    expect(await app.app.runIntake()).toEqual([]);
    expect(await dovecot.count('keyword', 'INBOX')).toBe(1);
  });

  it('reports a refused login as an error naming the mailbox and what to check, on every attempt', async () => {
    const mailbox = imapMailbox('password', { password: 'salah' });
    const serviceLog: { level: number; mailbox?: string; err?: string; msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void serviceLog.push(JSON.parse(line)) });
    // The refused mailbox comes first: the Maildir after it is still read in the same sweep.
    t = await startTestApp(
      { mailboxes: [mailbox, { name: 'surel', role: 'complaints', type: 'maildir', path: 'mail/surel' }] },
      { log },
    );
    const app = t;
    await app.deliver('surel', GMAIL, app.clock.now);
    expect((await app.app.runIntake()).map((r) => r.outcome)).toEqual(['registered']);
    const serviceErrors = serviceLog.filter((l) => l.level >= 50);
    expect(serviceErrors.every((l) => l.mailbox === 'pengaduan')).toBe(true);
    expect(serviceErrors.find((l) => l.msg === 'mailbox could not be read')?.err).toMatch(
      /Mailbox "pengaduan".*refused the login.*ADUAN_MAILBOX_PENGADUAN_PASSWORD/,
    );

    const recorder = recordingLogger();
    const source = sourceFor(app, mailbox, recorder.log);
    const stop = new AbortController();
    const errors = () => recorder.lines.filter((l) => l.level === 'error');
    const waiting = source.waitForMail(stop.signal);
    await recorder.until(() => errors().length >= 2);
    stop.abort();
    await waiting;
    expect(errors().every((l) => /refused the login/.test(l.message))).toBe(true);
    expect(errors().map((l) => l.fields.attempt)).toEqual(expect.arrayContaining([1, 2]));
  });
});
