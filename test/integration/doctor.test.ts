import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { loadDirectory } from '../../src/config/load-directory.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { openStore } from '../../src/db/open-store.ts';
import { loadSop } from '../../src/config/load-sop.ts';
import type { CheckResult } from '../../src/setup/connection-checks.ts';
import { runDoctor } from '../../src/setup/doctor.ts';
import { importDirectory } from '../../src/use-cases/import-directory.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { BALANGAN_OFFICE } from '../support/office.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';

// `aduan doctor` against a real Dovecot, a real SMTP receiver and a real SQLite file: a set-up that
// works passes every check; each way of breaking it fails the check that names it, with a fix.

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ourKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'der' })
  .toString('base64');
const DIRECTORY = path.resolve(import.meta.dirname, '../../examples/directory/balangan.yaml');

let dovecot: DovecotServer;
let smtp: SmtpReceiver;
let dir: string;
let dns: Record<string, string[][]>;
const resolveTxt = async (name: string) => {
  const records = dns[name];
  if (!records) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return records;
};
beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot({ users: ['pengaduan'] }), startSmtpReceiver()]);
  dir = await mkdtemp(path.join(tmpdir(), 'aduan-doctor-'));
  // The folder taken mail is moved to, as the service leaves it after its first message.
  await dovecot.appendMany('pengaduan', 'Diproses', []);
  await writeFile(path.join(dir, 'dkim.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  // The office's database, migrated, with its directory, as after `aduan init`.
  const url = `file:${dir}/aduan.db`;
  await migrateDatabase(url);
  const store = await openStore(url);
  const sop = loadSop('balangan', dir);
  await importDirectory(loadDirectory(DIRECTORY, sop), {
    store,
    clock: () => new Date('2026-11-02T08:00:00+08:00'),
    timeZone: 'Asia/Makassar',
    actor: 'test',
  });
  await store.close();
});
afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** An office's config file with `change` applied, and the doctor's findings by check name. */
async function doctor(
  change: (config: Record<string, unknown>) => void = () => {},
  deps: { now?: Date; freeBytes?: number } = {},
): Promise<Map<string, CheckResult>> {
  const config: Record<string, unknown> = {
    ...BALANGAN_OFFICE,
    database: { url: 'file:./aduan.db' },
    dataDir: './data',
    mailboxes: [dovecot.mailbox('pengaduan')],
    delivery: {
      type: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      dkim: { domain: 'balangankab.go.id', selector: 'aduan', privateKeyFile: './dkim.pem' },
    },
    replies: { senderCheck: 'dkim' },
  };
  change(config);
  parseConfig(config); // a test of the doctor, not of the schema: the file itself must be valid here
  const file = path.join(dir, `aduan-${crypto.randomUUID()}.config.yaml`);
  await writeFile(file, JSON.stringify(config));
  const results = await runDoctor(
    { file, env: {} },
    {
      resolveTxt,
      clock: () => deps.now ?? new Date('2026-11-24T09:00:00+08:00'),
      freeBytes: async () => deps.freeBytes ?? 50 * 2 ** 30,
    },
  );
  return new Map(results.map((result) => [result.name, result]));
}

describe('aduan doctor', { timeout: 60_000 }, () => {
  it('passes every check of a set-up that works', async () => {
    dns = { 'aduan._domainkey.balangankab.go.id': [['v=DKIM1; k=rsa; ', `p=${ourKey}`]] };
    const found = await doctor();
    expect([...found.values()].filter((result) => result.status !== 'pass')).toEqual([]);
    expect([...found.keys()]).toEqual([
      'config',
      'database',
      'directory',
      'mailbox pengaduan',
      'mailbox pengaduan folder',
      'mailbox pengaduan processed folder',
      'mailbox pengaduan IDLE',
      'SMTP',
      'DKIM record',
      'clock',
      'disk',
    ]);
    expect(found.get('mailbox pengaduan IDLE')?.detail).toMatch(/offers IDLE/);
  });

  it('names a refused IMAP login and a missing folder, with what to change', async () => {
    const wrongPassword = await doctor((c) => {
      c.mailboxes = [dovecot.mailbox('pengaduan', { password: 'salah' })];
    });
    expect(wrongPassword.get('mailbox pengaduan')).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/password/),
    });
    const noFolder = await doctor((c) => {
      c.mailboxes = [dovecot.mailbox('pengaduan', { folder: 'Pengaduan Masuk' })];
    });
    expect(noFolder.get('mailbox pengaduan folder')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/INBOX/),
    });
  });

  it('names an SMTP server that does not answer', async () => {
    const found = await doctor((c) => {
      c.delivery = { type: 'smtp', host: '127.0.0.1', port: 1, secure: false };
    });
    expect(found.get('SMTP')).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/delivery\.host and delivery\.port/),
    });
  });

  it('gives the DKIM record to publish when DNS has none or another key', async () => {
    dns = {};
    const none = await doctor();
    expect(none.get('DKIM record')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining(`p=${ourKey}`),
    });
    dns = { 'aduan._domainkey.balangankab.go.id': [[`v=DKIM1; k=rsa; p=${otherKey}`]] };
    const other = await doctor();
    expect(other.get('DKIM record')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/another key/),
    });
  });

  it('finds an unmigrated database and an empty directory', async () => {
    const fresh = await doctor((c) => {
      c.database = { url: 'file:./baru.db' };
    });
    expect(fresh.get('database')).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/aduan db migrate/),
    });
    await migrateDatabase(`file:${dir}/kosong.db`);
    const empty = await doctor((c) => {
      c.database = { url: 'file:./kosong.db' };
    });
    expect(empty.get('directory')).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/people import/),
    });
  });

  it('warns of a year without holidays, a full disk and unsigned replies', async () => {
    const found = await doctor(
      (c) => {
        c.replies = { senderCheck: 'none' };
      },
      { now: new Date('2027-01-04T09:00:00+08:00'), freeBytes: 2 ** 29 },
    );
    expect(found.get('clock')).toMatchObject({ status: 'warn', fix: expect.stringMatching(/2027/) });
    expect(found.get('disk')).toMatchObject({ status: 'fail' });
    expect(found.get('reply security')).toMatchObject({ status: 'warn' });
  });

  it('stops at a config that is not valid, naming the key', async () => {
    const file = path.join(dir, 'rusak.config.yaml');
    await writeFile(file, 'office:\n  timeZone: Mars\n');
    const results = await runDoctor({ file, env: {} }, { resolveTxt, clock: () => new Date() });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      name: 'config',
      status: 'fail',
      detail: expect.stringMatching(/office\.timeZone/),
    });
  });
});
