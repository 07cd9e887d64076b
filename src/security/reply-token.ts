import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The token in a task mail's Reply-To (`pengaduan+<token>@…`): it says which task a reply acts on,
 * and proves the reply answers the mail we sent. 24 bytes in lower-case base32 (39 characters: mail
 * systems may lower-case a local part, and 64 characters is its limit):
 *
 *   id (10 random bytes) · expiry (4 bytes, minutes since 2020) · MAC (10 bytes)
 *
 * The MAC is HMAC-SHA256 under the server secret over the id, the expiry, the task and the recipient
 * it was sent to, so a token cannot be forged, moved to another task or another person, or have its
 * expiry stretched. The id finds the issued token in the database, which also records its one use.
 */
export interface ReplyTokenClaims {
  taskId: string;
  /** The address the task mail was sent to, lower case. */
  recipient: string;
  expiresAt: Date;
}

export interface IssuedReplyToken extends ReplyTokenClaims {
  /** Hex; the database key of the issued token. */
  id: string;
  token: string;
}

export type TokenCheck =
  { ok: true } | { ok: false; reason: 'malformed' | 'tampered' | 'expired'; message: string };

const EPOCH_MS = Date.UTC(2020, 0, 1);
const ID_BYTES = 10;
const MAC_BYTES = 10;
const TOKEN_BYTES = ID_BYTES + 4 + MAC_BYTES;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function issueReplyToken(claims: ReplyTokenClaims, secret: string): IssuedReplyToken {
  const id = randomBytes(ID_BYTES);
  const minutes = Math.ceil((claims.expiresAt.getTime() - EPOCH_MS) / 60_000);
  const expiry = Buffer.alloc(4);
  expiry.writeUInt32BE(minutes);
  const expiresAt = new Date(EPOCH_MS + minutes * 60_000);
  const recipient = claims.recipient.toLowerCase();
  const mac = macOf(secret, id, expiry, claims.taskId, recipient);
  return {
    id: id.toString('hex'),
    token: base32(Buffer.concat([id, expiry, mac])),
    taskId: claims.taskId,
    recipient,
    expiresAt,
  };
}

/** The id and expiry a token carries, before its MAC is checked; null when it is no token of ours. */
export function readReplyToken(token: string): { id: string; expiresAt: Date } | null {
  const bytes = unbase32(token.trim().toLowerCase());
  if (!bytes || bytes.length !== TOKEN_BYTES) return null;
  return {
    id: bytes.subarray(0, ID_BYTES).toString('hex'),
    expiresAt: new Date(EPOCH_MS + bytes.readUInt32BE(ID_BYTES) * 60_000),
  };
}

/** Checks a token against the task and recipient it was issued for, at `now`. */
export function checkReplyToken(
  token: string,
  issued: { taskId: string; recipient: string },
  secret: string,
  now: Date,
): TokenCheck {
  const bytes = unbase32(token.trim().toLowerCase());
  if (!bytes || bytes.length !== TOKEN_BYTES) {
    return { ok: false, reason: 'malformed', message: 'the reply address carries no valid token' };
  }
  const id = bytes.subarray(0, ID_BYTES);
  const expiry = bytes.subarray(ID_BYTES, ID_BYTES + 4);
  const expected = macOf(secret, id, expiry, issued.taskId, issued.recipient.toLowerCase());
  if (!timingSafeEqual(expected, bytes.subarray(ID_BYTES + 4))) {
    return { ok: false, reason: 'tampered', message: 'the token does not match its task and recipient' };
  }
  const expiresAt = EPOCH_MS + expiry.readUInt32BE(0) * 60_000;
  if (now.getTime() > expiresAt) {
    return {
      ok: false,
      reason: 'expired',
      message: `the token expired at ${new Date(expiresAt).toISOString()}`,
    };
  }
  return { ok: true };
}

/** `local+token@domain` for an address `local@domain`. */
export function plusAddress(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}+${token}${address.slice(at)}`;
}

/** The token in a plus-address, if the address is `local+token@domain` for our `local@domain`. */
export function tokenInAddress(address: string, ours: string): string | null {
  const at = ours.lastIndexOf('@');
  const local = ours.slice(0, at).toLowerCase();
  const domain = ours.slice(at + 1).toLowerCase();
  const match = /^([^@+]+)\+([a-z2-7]+)@(.+)$/i.exec(address.trim());
  if (!match || match[1]!.toLowerCase() !== local || match[3]!.toLowerCase() !== domain) return null;
  return match[2]!.toLowerCase();
}

function macOf(secret: string, id: Buffer, expiry: Buffer, taskId: string, recipient: string): Buffer {
  return createHmac('sha256', secret)
    .update('aduan-reply-token-v1\0')
    .update(id)
    .update(expiry)
    .update(`${taskId}\0${recipient}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index === -1) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
