/**
 * Helpers for the intake tests: real mail in (fixtures, or MIME composed by nodemailer as a mail
 * client would), and what a user would see out — rows read back, mails in the outbox Maildir.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { loadDirectory } from '../../src/config/load-directory.ts';
import { listMessages } from '../../src/mail/maildir/maildir.ts';
import { outboxFolder } from '../../src/main.ts';
import { importDirectory } from '../../src/use-cases/import-directory.ts';
import type { IntakeResult } from '../../src/use-cases/intake-result.ts';
import { startPostgres, type PostgresServer } from './postgres.ts';
import { startTestApp, type TestApp } from './test-app.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/mail');
const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/mail');

/** The Message-ID our fixtures give "our" acknowledgement; tests put the real one in its place. */
export const FIXTURE_ACK_ID = '<01a2f3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b@balangankab.go.id>';

export const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
export const example = (name: string): Buffer => readFileSync(path.join(EXAMPLES, name));

/** A fixture with strings replaced (our real Message-ID, another address), bytes otherwise kept. */
export function fixtureWith(name: string, replacements: Record<string, string>): Buffer {
  let text = fixture(name).toString('latin1');
  for (const [from, to] of Object.entries(replacements)) text = text.replaceAll(from, to);
  return Buffer.from(text, 'latin1');
}

export interface ComposeOptions {
  from: string;
  to?: string;
  subject: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType?: string; cid?: string }[];
  date?: Date;
}

/** Real MIME as a mail client writes it (nodemailer), for scenarios no fixture covers. */
export async function composeMail(options: ComposeOptions): Promise<Buffer> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail({
    from: options.from,
    to: options.to ?? 'pengaduan@balangankab.go.id',
    subject: options.subject,
    ...(options.text !== undefined ? { text: options.text } : {}),
    ...(options.html !== undefined ? { html: options.html } : {}),
    ...(options.messageId ? { messageId: options.messageId } : {}),
    ...(options.inReplyTo ? { inReplyTo: options.inReplyTo } : {}),
    ...(options.references ? { references: options.references } : {}),
    headers: options.headers ?? {},
    attachments: options.attachments ?? [],
    date: options.date ?? new Date('2026-11-23T08:00:00+08:00'),
  });
  return info.message as Buffer;
}

/** Every mail in the outbox Maildir, parsed as a mail client would. */
export async function outboxMails(t: TestApp): Promise<ParsedMail[]> {
  const files = await listMessages(outboxFolder(t.app), 'new');
  return Promise.all(files.map(async (file) => simpleParser(readFileSync(file))));
}

export function recipientOf(mail: ParsedMail): string {
  return mail.to && !Array.isArray(mail.to) ? mail.to.text : '';
}

/**
 * Delivers one raw mail to a mailbox (the complaints one by default) arriving at `at`, and runs one
 * intake cycle a minute later (the clock never goes back).
 */
export async function ingest(
  t: TestApp,
  raw: Buffer | string,
  at: Date,
  mailbox = 'pengaduan',
): Promise<IntakeResult> {
  await t.deliver(mailbox, raw, at);
  const later = new Date(at.getTime() + 60_000);
  if (later > t.clock.now) t.clock.now = later;
  const results = await t.app.runIntake();
  if (results.length !== 1) throw new Error(`expected one result, got ${JSON.stringify(results)}`);
  return results[0]!;
}

/** The Message-ID our acknowledgement for a complaint went out with (after runDelivery). */
export async function sentAcknowledgementId(t: TestApp, trackingNumber: string): Promise<string> {
  const mails = await outboxMails(t);
  const ack = mails.find((m) => m.headers.get('x-aduan-tracking') === trackingNumber);
  if (!ack?.messageId) throw new Error(`no acknowledgement for ${trackingNumber} in the outbox`);
  return ack.messageId;
}

/** Events of a complaint by type, oldest first. */
export async function eventsOf(t: TestApp, trackingNumber: string) {
  const complaint = await t.app.store.repos.complaints.findByTrackingNumber(trackingNumber);
  if (!complaint) throw new Error(`no complaint ${trackingNumber}`);
  return t.app.store.repos.events.listForComplaint(complaint.id);
}

/** One private PostgreSQL cluster per test file; `appOn` gives each test a fresh database. */
export function testDatabases(hooks: {
  beforeAll: (fn: () => Promise<void>) => void;
  afterAll: (fn: () => Promise<void>) => void;
}) {
  let postgres: PostgresServer | undefined;
  hooks.beforeAll(async () => {
    postgres = await startPostgres();
  });
  hooks.afterAll(async () => {
    await postgres?.stop();
  });
  return {
    async appOn(
      dialect: 'sqlite' | 'postgresql',
      overrides: Record<string, unknown> = {},
      options: Parameters<typeof startTestApp>[1] = {},
    ): Promise<TestApp> {
      return startTestApp(overrides, {
        ...options,
        ...(dialect === 'postgresql' ? { databaseUrl: await postgres!.createDatabase() } : {}),
      });
    },
  };
}

/** A sample directory (examples/directory/<name>.yaml), as `aduan people import` loads it. */
export async function importSampleDirectory(t: TestApp, name = 'balangan'): Promise<void> {
  const file = path.resolve(import.meta.dirname, `../../examples/directory/${name}.yaml`);
  await importDirectory(loadDirectory(file, t.app.sop), {
    store: t.app.store,
    clock: () => t.clock.now,
    timeZone: t.app.config.office.timeZone,
    actor: 'operator:test',
  });
}

/** The newest task mail to an address (a part of it, e.g. "kasi.kpp@"), from the outbox. */
export async function taskMailTo(t: TestApp, address: string): Promise<ParsedMail> {
  const mail = (await outboxMails(t))
    .filter((m) => m.headers.get('x-aduan-kind') === 'task' && recipientOf(m).includes(address))
    .at(-1);
  if (!mail) throw new Error(`no task mail to ${address}`);
  return mail;
}

/**
 * Officials answering their newest task mail one after another, a minute apart from 09:10 WITA on
 * Monday 23 November 2026, each reply taken in and the outbox delivered. With `mustAccept`, a reply
 * that is not carried out fails the test where it happens.
 */
export function replier(t: TestApp, options: { mustAccept?: boolean } = {}) {
  let minute = 10;
  return async (official: string, text: string): Promise<IntakeResult> => {
    const task = await taskMailTo(t, official);
    const mail = await composeMail({
      from: official,
      to: task.replyTo!.value[0]!.address!,
      subject: `Re: ${task.subject}`,
      text: `${text}\n\n> ${task.subject}`,
      inReplyTo: task.messageId!,
    });
    const acted = await ingest(t, mail, new Date(`2026-11-23T09:${minute++}:00+08:00`));
    await t.app.runDelivery();
    if (options.mustAccept && !acted.reason?.endsWith('accepted'))
      throw new Error(`${official} replied "${text}": ${acted.outcome}, ${acted.reason}`);
    return acted;
  };
}
