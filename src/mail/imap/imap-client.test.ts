import { describe, expect, it } from 'vitest';
import { backoffDelay, imapOptions, type ImapMailboxConfig } from './imap-client.ts';
import { toImapSourceError } from './imap-errors.ts';

const mailbox: ImapMailboxConfig = {
  name: 'pengaduan',
  role: 'complaints',
  type: 'imap',
  host: 'imap.balangankab.go.id',
  port: 993,
  secure: true,
  user: 'pengaduan@balangankab.go.id',
  password: 'rahasia',
  folder: 'INBOX',
  idle: true,
  pollSeconds: 60,
};

describe('reconnection backoff', () => {
  it('doubles from 1 s to at most 60 s, jittered to 50-100 % of each step', () => {
    const top = { initialMs: 1000, maxMs: 60_000, random: () => 1 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffDelay(n, top))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(backoffDelay(3, { ...top, random: () => 0 })).toBe(2000);
  });
});

describe('imapflow options', () => {
  it('logs in with the password, or with XOAUTH2 when an access token is configured', () => {
    expect(imapOptions(mailbox, { idle: true }).auth).toEqual({ user: mailbox.user, pass: 'rahasia' });
    expect(imapOptions({ ...mailbox, accessToken: 'ya29.token' }, { idle: true }).auth).toEqual({
      user: mailbox.user,
      accessToken: 'ya29.token',
    });
  });

  it('enters IDLE 100 ms after the connection is free instead of imapflow’s 15 s, or never when polling', () => {
    expect(imapOptions(mailbox, { idle: true })).toMatchObject({
      autoIdleDelay: 100,
      disableAutoIdle: false,
    });
    expect(imapOptions(mailbox, { idle: false })).toMatchObject({ disableAutoIdle: true });
  });
});

describe('operator errors', () => {
  it('names the mailbox and the setting to check when the login is refused', () => {
    const refused = Object.assign(new Error('Authentication failed.'), {
      authenticationFailed: true,
      responseText: 'Authentication failed.',
    });
    const error = toImapSourceError(mailbox, refused);
    expect(error.code).toBe('auth');
    expect(error.message).toBe(
      'Mailbox "pengaduan" (pengaduan@balangankab.go.id at imap.balangankab.go.id:993): the server refused the login (server said: Authentication failed.). ' +
        'Check the login (mailboxes: pengaduan: user) and the password (password, or $ADUAN_MAILBOX_PENGADUAN_PASSWORD); providers that disabled passwords need an OAuth2 accessToken.',
    );
    const token = toImapSourceError({ ...mailbox, accessToken: 'expired' }, refused);
    expect(token.message).toContain('$ADUAN_MAILBOX_PENGADUAN_TOKEN): it may have expired');
  });

  it('tells an unreachable server from a wrong TLS setting and a missing folder', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toImapSourceError(mailbox, refused)).toMatchObject({ code: 'unreachable' });
    const tls = Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
    expect(toImapSourceError(mailbox, tls).message).toContain('Check "secure"');
    const folder = Object.assign(new Error('Command failed'), { mailboxMissing: true });
    expect(toImapSourceError({ ...mailbox, folder: 'Pengaduan' }, folder)).toMatchObject({ code: 'folder' });
  });
});
