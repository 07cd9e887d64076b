import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { TAKEN_KEYWORD } from '../../src/mail/imap/imap-mark.ts';
import { createApp } from '../../src/main.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';

// `aduan import imap` as an operator runs it: a real process and config file against a real Dovecot.
// A backfill only reads the mailbox, and neither a second run nor live intake registers anything twice.

const BIN = path.resolve(import.meta.dirname, '../../bin/aduan.js');
const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/mail');
const sample = (name: string) => readFileSync(path.join(EXAMPLES, name));

let dovecot: DovecotServer;
const work = mkdtempSync(path.join(tmpdir(), 'aduan-import-'));
const configFile = path.join(work, 'aduan.config.yaml');
beforeAll(async () => {
  dovecot = await startDovecot({ users: ['arsip'] });
  writeFileSync(
    configFile,
    `office: { address: pengaduan@balangankab.go.id, timeZone: WITA }
database: { url: file:./aduan.db }
dataDir: ./data
mailboxes:
  - { name: pengaduan, role: complaints, type: imap, host: 127.0.0.1, port: ${dovecot.port}, secure: false, user: arsip, processedFolder: Diproses }
delivery: { type: maildir, path: ./outbox }
log: { level: warn }
`,
  );
});
afterAll(async () => {
  await dovecot?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function aduan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // The password comes from the environment, as an operator keeps it out of the file.
  const env = {
    ...process.env,
    ADUAN_CONFIG: '',
    ADUAN_MAILBOX_PENGADUAN_PASSWORD: dovecot.users.arsip!.password,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: work,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('aduan import imap', () => {
  it('backfills since a date without touching the mailbox; a re-run and live intake register nothing twice', async () => {
    await dovecot.appendRaw(
      'arsip',
      'INBOX',
      sample('email-gmail-jalan-rusak.eml'),
      new Date('2026-11-17T01:14:18Z'),
    );
    await dovecot.appendRaw(
      'arsip',
      'INBOX',
      sample('email-thunderbird-informasi.eml'),
      new Date('2026-11-19T02:02:47Z'),
    );
    // Older than --since: not part of the backfill.
    await dovecot.appendRaw(
      'arsip',
      'INBOX',
      sample('email-yahoo-sampah-windows1252.eml'),
      new Date('2026-10-02T09:00:00Z'),
    );

    const args = ['import', 'imap', '--source', 'pengaduan', '--since', '2026-11-01', '--config', configFile];
    const first = await aduan([...args, '--json']);
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    const lines = jsonLines(first.stdout);
    expect(lines.slice(0, -1).map((l) => [l.outcome, l.alreadyImported])).toEqual([
      ['registered', false],
      ['registered', false],
    ]);
    expect(lines.at(-1)).toMatchObject({
      summary: { total: 2, taken: 2, failed: 0, new: { registered: 2 }, already: 0 },
    });

    const second = await aduan(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      '2 message(s) in pengaduan (INBOX) since 2026-11-01:\n  nothing new\n  already imported earlier: 2',
    );

    // Only read: all three still in INBOX, neither flagged as taken nor marked read.
    const client = await dovecot.client('arsip');
    await client.mailboxOpen('INBOX', { readOnly: true });
    const flags = (await client.fetchAll('1:*', { uid: true, flags: true })).map((m) =>
      [...(m.flags ?? [])].filter((flag) => flag !== '\\Recent'),
    );
    await client.logout();
    expect(flags).toEqual([[], [], []]);
    expect(flags.flat()).not.toContain(TAKEN_KEYWORD);

    // Live intake then takes the folder: the two imported are recognised by key, the old one is new.
    const live = await aduan(['start', '--once', '--config', configFile]);
    expect(live.code).toBe(0);
    expect(await dovecot.count('arsip', 'INBOX')).toBe(0);
    expect(await dovecot.count('arsip', 'Diproses')).toBe(3);
    const env = { ...process.env, ADUAN_MAILBOX_PENGADUAN_PASSWORD: dovecot.users.arsip!.password };
    const app = await createApp(loadConfig({ file: configFile, env }));
    try {
      expect(await app.store.repos.complaints.list({ limit: 10 })).toHaveLength(3);
    } finally {
      await app.close();
    }
  });

  it('says which mailboxes can be imported, and rejects a date it cannot read', async () => {
    const wrong = await aduan([
      'import',
      'imap',
      '--source',
      'faks',
      '--since',
      '2026-11-01',
      '--config',
      configFile,
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      '--source faks: no such IMAP mailbox. Configured IMAP mailboxes: pengaduan',
    );
    const date = await aduan([
      'import',
      'imap',
      '--source',
      'pengaduan',
      '--since',
      '1/11/2026',
      '--config',
      configFile,
    ]);
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--since 1/11/2026: write the first day as YYYY-MM-DD');
  });
});
