import { getDomain } from 'tldts';
import type { VerifySender } from '../use-cases/intake-deps.ts';

/** A DNS TXT lookup, as mailauth calls it; tests pass their own. */
export type DnsResolver = (name: string, type: string) => Promise<string[][]>;

export interface SenderCheckOptions {
  /**
   * `dkim`: a valid DKIM signature aligned with the From domain (relaxed: same organisational
   * domain by the public suffix list). `dmarc`: the From domain publishes DMARC and the message
   * passes it — with no SPF, since we read the mailbox after the office's MX, unless that MX's
   * verdict is trusted (below).
   */
  require: 'dkim' | 'dmarc';
  /**
   * The authserv-id of the office's own MX (e.g. `mx.balangankab.go.id`). When set, its verdict in
   * the topmost Authentication-Results header is taken instead of checking again: that MX saw the
   * connecting IP (SPF) and, per RFC 8601 §5, strips headers carrying its own id from what arrives.
   */
  trustedAuthServId?: string;
  resolver?: DnsResolver;
}

/**
 * Officials' replies must be vouched for by their From domain when the office asks for it
 * (`replies.senderCheck`): a forged From then fails even with a stolen task mail. Checked on the
 * stored raw bytes; an Authentication-Results header counts only when it is the topmost one and was
 * written by the MX the office names.
 */
export function createSenderCheck(options: SenderCheckOptions): VerifySender {
  return async (raw, from) => {
    const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const domain = from.split('@')[1]?.toLowerCase() ?? '';
    if (options.trustedAuthServId) {
      const verdict = trustedVerdict(bytes, options.trustedAuthServId, options.require, domain);
      if (verdict) return verdict;
    }
    // Loaded on first use: most offices never turn the check on.
    const { dkimVerify, dmarc } = await import('mailauth');
    const resolver = options.resolver ? { resolver: options.resolver as never } : {};
    const signatures = await dkimVerify(bytes, resolver);
    const authors = signatures.headerFrom.map((address) => address.toLowerCase());
    if (authors.length !== 1 || authors[0] !== from.toLowerCase()) {
      // mailparser and mailauth must agree on who wrote it; two From fields are a known trick.
      return { ok: false, reason: `the From header is ambiguous (${authors.join(', ') || 'none'})` };
    }
    const passing = signatures.results.filter((r) => r.status.result === 'pass' && r.signingDomain);
    const seen =
      signatures.results
        .filter((r) => r.signingDomain !== undefined)
        .map((r) => `dkim=${r.status.result} d=${r.signingDomain}`)
        .join(', ') || 'unsigned';

    if (options.require === 'dkim') {
      const aligned = passing.find((r) => r.status.aligned);
      if (aligned) return { ok: true, reason: `dkim=pass d=${aligned.signingDomain}` };
      return { ok: false, reason: `no valid DKIM signature of ${domain || 'the From domain'} (${seen})` };
    }

    const verdict = await dmarc({
      headerFrom: signatures.headerFrom,
      spfDomains: [],
      dkimDomains: passing.map((r) => ({ id: r.id, domain: r.signingDomain!, aligned: r.status.aligned })),
      ...resolver,
    } as never);
    if (!verdict) return { ok: false, reason: 'DMARC cannot be evaluated for this From header' };
    const result = verdict.status.result;
    if (result === 'pass')
      return { ok: true, reason: `dmarc=pass (${verdict.alignment.dkim.result ?? domain})` };
    const why =
      result === 'none'
        ? `${domain} publishes no DMARC record (use replies.senderCheck: dkim for this domain)`
        : `dmarc=${result} for ${domain} (${seen})`;
    return { ok: false, reason: why };
  };
}

/**
 * The trusted MX's verdict, when the topmost Authentication-Results header is its own and says
 * something about the method asked for; null sends the check on to our own verification.
 */
function trustedVerdict(
  raw: Buffer,
  authServId: string,
  method: 'dkim' | 'dmarc',
  domain: string,
): { ok: boolean; reason: string } | null {
  const header = topmostHeader(raw, 'authentication-results');
  if (header === null) return null;
  const results = parseAuthenticationResults(header);
  if (results.authServId.toLowerCase() !== authServId.toLowerCase()) return null;
  const relevant = results.methods.filter((m) => m.method === method);
  if (relevant.length === 0) return null;
  const passed = relevant.find(
    (m) =>
      m.result === 'pass' &&
      (method === 'dmarc'
        ? (m.properties['header.from'] ?? '').toLowerCase() === domain
        : sameOrganisation(
            m.properties['header.d'] ?? m.properties['header.i']?.split('@')[1] ?? '',
            domain,
          )),
  );
  const by = `by ${results.authServId}`;
  if (passed) return { ok: true, reason: `${method}=pass ${by}` };
  const said = relevant.map((m) => `${m.method}=${m.result}`).join(', ');
  return { ok: false, reason: `${said} ${by} for ${domain}` };
}

/** Relaxed DMARC alignment: the same organisational domain by the public suffix list (`go.id` is one). */
function sameOrganisation(signing: string, domain: string): boolean {
  const organisation = getDomain(domain);
  return organisation !== null && getDomain(signing.toLowerCase()) === organisation;
}

/** The first header of that name in the raw message, unfolded; null when there is none. */
export function topmostHeader(raw: Buffer, name: string): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end === -1 ? Math.min(raw.length, 256 * 1024) : end).toString('latin1');
  const lines = head.split(/\r?\n/);
  const wanted = `${name.toLowerCase()}:`;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.toLowerCase().startsWith(wanted)) continue;
    let value = lines[i]!.slice(wanted.length);
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1]!)) value += ` ${lines[++i]!.trim()}`;
    return value.trim();
  }
  return null;
}

export interface AuthenticationResults {
  authServId: string;
  methods: { method: string; result: string; properties: Record<string, string> }[];
}

/** RFC 8601: `authserv-id [version]; method=result (comment) ptype.prop=value …; …`. */
export function parseAuthenticationResults(value: string): AuthenticationResults {
  const withoutComments = value.replace(/\((?:[^()\\]|\\.)*\)/g, ' ');
  const [first = '', ...rest] = withoutComments.split(';');
  const methods = rest.flatMap((part) => {
    const match = /^\s*([a-z0-9-]+)\s*=\s*([a-z]+)\b(.*)$/is.exec(part);
    if (!match) return [];
    const properties: Record<string, string> = {};
    for (const [, key, quoted, bare] of match[3]!.matchAll(
      /([a-z0-9-]+\.[a-z0-9-]+)\s*=\s*(?:"([^"]*)"|(\S+))/gi,
    ))
      properties[key!.toLowerCase()] = quoted ?? bare!;
    return [{ method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase(), properties }];
  });
  return { authServId: first.trim().split(/\s+/)[0] ?? '', methods };
}
