import { describe, expect, it } from 'vitest';
import { hideSecrets } from './hide-secrets.ts';

describe('hideSecrets', () => {
  it('hides passwords, tokens and the password in a database URL, and nothing else', () => {
    const config = {
      database: { url: 'postgresql://aduan:rahasia-sekali@db.balangankab.go.id:5432/aduan' },
      mailboxes: [
        { name: 'pengaduan', user: 'pengaduan@balangankab.go.id', password: 'sandi-imap' },
        { name: 'faks', accessToken: 'ya29.token' },
      ],
      delivery: { type: 'smtp', host: 'smtp.balangankab.go.id', password: 'sandi-smtp' },
      replies: { tokenSecret: 'a'.repeat(64), tokenDays: 30 },
      documents: { signing: { p12File: './kantor.p12', passphrase: 'pin' } },
    };
    const shown = hideSecrets(config);
    const text = JSON.stringify(shown);
    for (const secret of [
      'rahasia-sekali',
      'sandi-imap',
      'ya29.token',
      'sandi-smtp',
      'a'.repeat(64),
      '"pin"',
    ])
      expect(text).not.toContain(secret);
    expect(shown.database.url).toBe('postgresql://aduan:(hidden)@db.balangankab.go.id:5432/aduan');
    expect(shown.mailboxes[0]).toEqual({
      name: 'pengaduan',
      user: 'pengaduan@balangankab.go.id',
      password: '(hidden)',
    });
    expect(shown.replies.tokenDays).toBe(30);
    expect(shown.documents.signing.p12File).toBe('./kantor.p12');
    // a URL without a password, or SQLite's, is left as it is
    expect(hideSecrets({ database: { url: 'file:./data/aduan.db' } }).database.url).toBe(
      'file:./data/aduan.db',
    );
  });
});
