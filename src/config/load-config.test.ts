import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load-config.ts';

function problemsOf(run: () => unknown): { key: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('needs no file: the embedded defaults run on SQLite and Maildir folders under ./data', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'aduan-config-'));
    const { config, file } = loadConfig({ cwd, env: {} });
    expect(file).toBeNull();
    expect(config.database.url).toBe('file:./data/aduan.db');
    expect(config.mailboxes.map((m) => [m.name, m.role, m.type])).toEqual([
      ['pengaduan', 'complaints', 'maildir'],
      ['faks', 'fax', 'maildir'],
    ]);
    expect(config.office.timeZone).toBe('Asia/Makassar');
    expect(config.office.hours.fri).toEqual({ start: '07:30', end: '11:00' });
    expect(config.office.language).toBe('id');
    expect(config.trackingNumber.pattern).toBe('ADU-{tahun}-{urut:6}');
  });

  it('accepts WIB/WITA/WIT for the zone', () => {
    expect(parseConfig({ office: { timeZone: 'WIB' } }).office.timeZone).toBe('Asia/Jakarta');
    expect(parseConfig({ office: { timeZone: 'wit' } }).office.timeZone).toBe('Asia/Jayapura');
  });

  it('lists every problem at once, each with its key, the value found and the fix', () => {
    const problems = problemsOf(() =>
      parseConfig({
        office: {
          timeZone: 'Mars/Olympus',
          hours: { mon: '16:00-07:30', fry: '07:30-11:00' },
          language: 'fr',
        },
        database: { url: 'mysql://localhost/aduan' },
        mailboxes: [{ name: 'Kotak Utama', role: 'pos', type: 'maildir' }],
        trackingNumber: { pattern: 'ADU-{tahun}' },
        intake: { pollSeconds: 'sering' },
        replies: { senderCheck: 'spf', trustedAuthServId: 'mx.kantor; dmarc=pass' },
        bogus: true,
      }),
    );
    const byKey = Object.fromEntries(problems.map((p) => [p.key, p.message]));
    expect(Object.keys(byKey).sort()).toEqual(
      [
        'bogus',
        'database.url',
        'intake.pollSeconds',
        'mailboxes[0].name',
        'mailboxes[0].path',
        'mailboxes[0].role',
        'office.hours.fry',
        'office.hours.mon',
        'office.language',
        'office.timeZone',
        'replies.senderCheck',
        'replies.trustedAuthServId',
        'trackingNumber.pattern',
      ].sort(),
    );
    expect(byKey['office.timeZone']).toContain('"Mars/Olympus"');
    expect(byKey['office.timeZone']).toContain('Fix: use WIB, WITA, WIT');
    expect(byKey['office.hours.mon']).toContain('closing time must be after the opening time');
    expect(byKey['office.hours.fry']).toContain('is not a known setting');
    expect(byKey['office.language']).toContain('"id", "en"');
    expect(byKey['mailboxes[0].path']).toContain('is required');
    expect(byKey['trackingNumber.pattern']).toContain('{urut}');
    expect(byKey['intake.pollSeconds']).toContain('must be a number (found "sering")');
    expect(byKey['replies.senderCheck']).toContain('"none", "dkim", "dmarc"');
    expect(byKey['replies.trustedAuthServId']).toContain('a host name, e.g. mx.balangankab.go.id');
    for (const problem of problems) expect(problem.message).toContain('Fix:');
  });

  it('reads the file and lets environment variables override secrets and deployment values', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aduan-config-'));
    const file = path.join(dir, 'aduan.config.yaml');
    writeFileSync(
      file,
      'office:\n  name: Diskominfo Balangan\n  timeZone: WITA\ndatabase:\n  url: file:./db.sqlite\n',
    );
    const { config, baseDir } = loadConfig({
      cwd: dir,
      env: { ADUAN_DATABASE_URL: 'postgresql://aduan@db/aduan' },
    });
    expect(baseDir).toBe(dir);
    expect(config.office.name).toBe('Diskominfo Balangan');
    expect(config.database.url).toBe('postgresql://aduan@db/aduan');
  });

  it('applies a secret only to the part that uses it: an SMTP password with Maildir delivery is no error', () => {
    const secrets = { ADUAN_SMTP_PASSWORD: 'sandi-smtp', ADUAN_SIGNING_PASSPHRASE: 'pin' };
    // The defaults write mail to a Maildir and sign nothing: both secrets are left aside.
    const { config } = loadConfig({ cwd: mkdtempSync(path.join(tmpdir(), 'aduan-config-')), env: secrets });
    expect(config.delivery.type).toBe('maildir');
    expect(config.documents.signing).toBeUndefined();
    // Where the file sends by SMTP and signs, both apply.
    const dir = mkdtempSync(path.join(tmpdir(), 'aduan-config-'));
    writeFileSync(
      path.join(dir, 'aduan.config.yaml'),
      'delivery: { type: smtp, host: smtp.balangankab.go.id, user: pengaduan }\ndocuments: { signing: { p12File: ./kantor.p12 } }\n',
    );
    const smtp = loadConfig({ cwd: dir, env: secrets }).config;
    expect(smtp.delivery).toMatchObject({ type: 'smtp', password: 'sandi-smtp' });
    expect(smtp.documents.signing).toMatchObject({ passphrase: 'pin' });
  });

  it('names the line of a YAML syntax error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aduan-config-'));
    writeFileSync(path.join(dir, 'aduan.config.yaml'), 'office:\n  name: "Diskominfo\n  timeZone: WITA\n');
    const problems = problemsOf(() => loadConfig({ cwd: dir, env: {} }));
    expect(problems[0]?.key).toMatch(/^\(line \d+\)$/);
    expect(problems[0]?.message).toContain('Fix:');
  });

  it('refuses a named file that does not exist instead of silently using defaults', () => {
    const problems = problemsOf(() => loadConfig({ file: '/nonexistent/aduan.yaml', env: {} }));
    expect(problems[0]?.message).toContain('does not exist');
  });
});
