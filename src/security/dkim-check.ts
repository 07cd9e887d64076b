import type { VerifySender } from '../use-cases/intake-deps.ts';

/** A DNS TXT lookup, as mailauth calls it; tests pass their own. */
export type DnsResolver = (name: string, type: string) => Promise<string[][]>;

/**
 * Officials' replies must carry a valid DKIM signature of their From domain (or a parent domain:
 * relaxed alignment, as DMARC has it) when the office asks for it (`replies.requireDkim`): a
 * forged From then fails even with a stolen task mail. Checked on the stored raw bytes, never on
 * an Authentication-Results header someone else could have written.
 */
export function createDkimCheck(options: { resolver?: DnsResolver } = {}): VerifySender {
  return async (raw, from) => {
    const domain = from.split('@')[1]?.toLowerCase() ?? '';
    // Loaded on first use: most offices never turn the check on.
    const { dkimVerify } = await import('mailauth');
    const result = await dkimVerify(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
      ...(options.resolver ? { resolver: options.resolver as never } : {}),
    });
    const aligned = result.results.find(
      (r) =>
        r.status.result === 'pass' &&
        r.signingDomain !== undefined &&
        (domain === r.signingDomain.toLowerCase() || domain.endsWith(`.${r.signingDomain.toLowerCase()}`)),
    );
    if (aligned) return { ok: true, reason: `dkim=pass d=${aligned.signingDomain}` };
    const seen = result.results
      .filter((r) => r.signingDomain !== undefined)
      .map((r) => `dkim=${r.status.result}${r.signingDomain ? ` d=${r.signingDomain}` : ''}`);
    return {
      ok: false,
      reason: `no valid DKIM signature of ${domain || 'the From domain'} (${seen.join(', ') || 'unsigned'})`,
    };
  };
}
