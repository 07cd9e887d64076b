import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { createSenderCheck, parseAuthenticationResults, type DnsResolver } from './sender-check.ts';

// Keys and DNS are ours: the resolver answers for the domains a test publishes, as DNS would.

const FROM = 'kadis.kominfo@balangankab.go.id';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY_RECORD = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

function dns(records: Record<string, string>): DnsResolver {
  return async (name, type) => {
    const value = records[`${type} ${name.toLowerCase()}`];
    if (value !== undefined) return [[value]];
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
}

const KEYS = {
  'TXT kantor._domainkey.balangankab.go.id': KEY_RECORD,
  'TXT kantor._domainkey.go.id': KEY_RECORD,
  'TXT kantor._domainkey.gmail.com': KEY_RECORD,
};
const WITH_DMARC = { ...KEYS, 'TXT _dmarc.balangankab.go.id': 'v=DMARC1; p=reject; adkim=r' };

function reply(headers: string[] = [], from = FROM): Buffer {
  return Buffer.from(
    [
      ...headers,
      `From: Kepala Dinas <${from}>`,
      'To: pengaduan+abc@balangankab.go.id',
      'Subject: RE: [ADU-2026-000001] Tugas',
      'Date: Mon, 23 Nov 2026 08:20:00 +0800',
      'Message-ID: <balas-1@balangankab.go.id>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'TERUSKAN',
      '',
    ].join('\r\n'),
  );
}

async function signed(raw: Buffer, signingDomain: string): Promise<Buffer> {
  const { signatures } = await dkimSign(raw, {
    signatureData: [
      { signingDomain, selector: 'kantor', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) },
    ],
  } as never);
  return Buffer.concat([Buffer.from(signatures), raw]);
}

describe('senderCheck: dkim', () => {
  const check = createSenderCheck({ require: 'dkim', resolver: dns(KEYS) });

  it('accepts a signature of the From domain, or of its organisational domain for a subdomain', async () => {
    expect(await check(await signed(reply(), 'balangankab.go.id'), FROM)).toEqual({
      ok: true,
      reason: 'dkim=pass d=balangankab.go.id',
    });
    const sub = 'kadis@dinas.balangankab.go.id';
    expect((await check(await signed(reply([], sub), 'balangankab.go.id'), sub)).ok).toBe(true);
  });

  it('refuses an unsigned reply, another domain’s signature, and a public suffix signing for everyone under it', async () => {
    expect(await check(reply(), FROM)).toEqual({
      ok: false,
      reason: 'no valid DKIM signature of balangankab.go.id (unsigned)',
    });
    expect((await check(await signed(reply(), 'gmail.com'), FROM)).reason).toContain('dkim=pass d=gmail.com');
    expect((await check(await signed(reply(), 'gmail.com'), FROM)).ok).toBe(false);
    expect((await check(await signed(reply(), 'go.id'), FROM)).ok).toBe(false);
  });

  it('refuses a body changed after signing (mailauth calls a body-hash mismatch neutral)', async () => {
    const tampered = Buffer.from(
      (await signed(reply(), 'balangankab.go.id')).toString().replace('TERUSKAN', 'TOLAK spam'),
    );
    expect(await check(tampered, FROM)).toEqual({
      ok: false,
      reason: 'no valid DKIM signature of balangankab.go.id (dkim=neutral d=balangankab.go.id)',
    });
  });

  it('refuses a message with two From fields, whichever one the parser read', async () => {
    const twoFroms = await signed(reply(['From: penipu@gmail.com']), 'balangankab.go.id');
    expect(await check(twoFroms, FROM)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('ambiguous'),
    });
  });
});

describe('senderCheck: dmarc', () => {
  it('accepts when the From domain’s DMARC passes by an aligned signature', async () => {
    const check = createSenderCheck({ require: 'dmarc', resolver: dns(WITH_DMARC) });
    expect(await check(await signed(reply(), 'balangankab.go.id'), FROM)).toEqual({
      ok: true,
      reason: 'dmarc=pass (balangankab.go.id)',
    });
  });

  it('refuses when DMARC fails, and says so when the domain publishes no DMARC at all', async () => {
    const check = createSenderCheck({ require: 'dmarc', resolver: dns(WITH_DMARC) });
    expect(await check(await signed(reply(), 'gmail.com'), FROM)).toMatchObject({
      ok: false,
      reason: 'dmarc=fail for balangankab.go.id (dkim=pass d=gmail.com)',
    });
    const withoutRecord = createSenderCheck({ require: 'dmarc', resolver: dns(KEYS) });
    expect((await withoutRecord(await signed(reply(), 'balangankab.go.id'), FROM)).reason).toBe(
      'balangankab.go.id publishes no DMARC record (use replies.senderCheck: dkim for this domain)',
    );
  });
});

describe('senderCheck with the office MX trusted', () => {
  const MX = 'mx.balangankab.go.id';
  const check = createSenderCheck({ require: 'dmarc', trustedAuthServId: MX, resolver: dns({}) });

  it('takes the MX’s verdict from the topmost Authentication-Results header', async () => {
    const pass = reply([
      `Authentication-Results: ${MX};\r\n dkim=pass header.d=balangankab.go.id;\r\n spf=pass smtp.mailfrom=balangankab.go.id;\r\n dmarc=pass (p=REJECT) header.from=balangankab.go.id`,
    ]);
    expect(await check(pass, FROM)).toEqual({ ok: true, reason: `dmarc=pass by ${MX}` });
    const fail = reply([`Authentication-Results: ${MX}; dmarc=fail (p=NONE) header.from=balangankab.go.id`]);
    expect(await check(fail, FROM)).toEqual({
      ok: false,
      reason: `dmarc=fail by ${MX} for balangankab.go.id`,
    });
  });

  it('ignores a pass written lower down by the sender, or by anyone else', async () => {
    const forgedBelow = reply([
      `Authentication-Results: ${MX}; dmarc=fail header.from=balangankab.go.id`,
      'Received: from penipu.example by relay.example',
      `Authentication-Results: ${MX}; dmarc=pass header.from=balangankab.go.id`,
    ]);
    expect((await check(forgedBelow, FROM)).ok).toBe(false);
    const otherServer = reply([
      `Authentication-Results: mx.penipu.example; dmarc=pass header.from=balangankab.go.id`,
    ]);
    // Not the trusted MX: checked here instead, and an unsigned reply does not pass.
    expect(await check(otherServer, FROM)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/DMARC/),
    });
  });

  it('does not take a pass for another From domain', async () => {
    const elsewhere = reply([`Authentication-Results: ${MX}; dmarc=pass header.from=gmail.com`]);
    expect((await check(elsewhere, FROM)).ok).toBe(false);
  });
});

describe('parseAuthenticationResults', () => {
  it('reads methods, results and properties, skipping comments with semicolons in them', () => {
    expect(
      parseAuthenticationResults(
        'mx.google.com 1; dkim=pass (2048-bit key; secure) header.i=@balangankab.go.id header.s=kantor; spf=softfail smtp.mailfrom="a@b.id"',
      ),
    ).toEqual({
      authServId: 'mx.google.com',
      methods: [
        {
          method: 'dkim',
          result: 'pass',
          properties: { 'header.i': '@balangankab.go.id', 'header.s': 'kantor' },
        },
        { method: 'spf', result: 'softfail', properties: { 'smtp.mailfrom': 'a@b.id' } },
      ],
    });
  });
});
