import { describe, expect, it } from 'vitest';
import {
  checkReplyToken,
  issueReplyToken,
  plusAddress,
  readReplyToken,
  tokenInAddress,
} from './reply-token.ts';

const SECRET = 'b0f3c2…a-long-random-server-secret';
const NOW = new Date('2026-11-23T02:00:00Z');
const claims = {
  taskId: '019a1b2c-3d4e-7f00-8a1b-2c3d4e5f6a7b',
  recipient: 'Kabid.Aptika@BalanganKab.go.id',
  expiresAt: new Date('2026-12-07T02:00:00Z'),
};

describe('reply tokens', () => {
  it('fits a plus-address, survives lower-casing, and checks against its task and recipient', () => {
    const issued = issueReplyToken(claims, SECRET);
    expect(issued.token).toMatch(/^[a-z2-7]{39}$/);
    expect(issued.recipient).toBe('kabid.aptika@balangankab.go.id');
    const address = plusAddress('pengaduan@balangankab.go.id', issued.token);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(tokenInAddress(address.toUpperCase(), 'pengaduan@balangankab.go.id')).toBe(issued.token);
    expect(readReplyToken(issued.token)).toEqual({ id: issued.id, expiresAt: issued.expiresAt });
    expect(checkReplyToken(issued.token.toUpperCase(), issued, SECRET, NOW)).toEqual({ ok: true });
  });

  it('refuses a token moved to another task or recipient, signed with another secret, or altered', () => {
    const issued = issueReplyToken(claims, SECRET);
    expect(checkReplyToken(issued.token, { ...issued, taskId: 'another-task' }, SECRET, NOW)).toMatchObject({
      ok: false,
      reason: 'tampered',
    });
    expect(
      checkReplyToken(issued.token, { ...issued, recipient: 'kadis@balangankab.go.id' }, SECRET, NOW),
    ).toMatchObject({ ok: false, reason: 'tampered' });
    expect(checkReplyToken(issued.token, issued, 'another-secret', NOW)).toMatchObject({
      reason: 'tampered',
    });
    // One character changed in each part: the id, the expiry (stretching it), the MAC.
    for (const at of [3, 17, 35]) {
      const flipped =
        issued.token.slice(0, at) + (issued.token[at] === 'a' ? 'b' : 'a') + issued.token.slice(at + 1);
      expect(checkReplyToken(flipped, issued, SECRET, NOW).ok, `character ${at}`).toBe(false);
    }
  });

  it('refuses an expired token and text that is no token', () => {
    const issued = issueReplyToken(claims, SECRET);
    expect(checkReplyToken(issued.token, issued, SECRET, new Date('2026-12-07T02:01:00Z'))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(checkReplyToken('not-a-token', issued, SECRET, NOW)).toMatchObject({ reason: 'malformed' });
    expect(readReplyToken('abc')).toBeNull();
    expect(tokenInAddress('pengaduan+abc@contoh.go.id', 'pengaduan@balangankab.go.id')).toBeNull();
    expect(tokenInAddress('pengaduan@balangankab.go.id', 'pengaduan@balangankab.go.id')).toBeNull();
  });

  it('gives every mail its own token', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => issueReplyToken(claims, SECRET).token));
    expect(tokens.size).toBe(50);
  });
});
