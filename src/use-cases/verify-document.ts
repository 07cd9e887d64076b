import { createHash } from 'node:crypto';
import type { Repositories, StoredDocument } from './ports/store.ts';

export type Verdict =
  | { outcome: 'valid'; document: StoredDocument; trackingNumber: string }
  | { outcome: 'changed'; document: StoredDocument; trackingNumber: string }
  | { outcome: 'unknown' };

/**
 * Whether a PDF is a document this office issued, unaltered. The SHA-256 of the bytes finds the
 * version that was stored (signed letters and issued disposition sheets; a superseded draft is
 * not valid); failing that, the verification code written in the file's metadata finds the
 * document the file claims to be, which means the file was changed after it was signed.
 */
export async function verifyDocument(pdf: Uint8Array, repos: Repositories): Promise<Verdict> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const exact = await repos.documents.findByPdfHash(sha256);
  if (exact && (exact.status === 'signed' || exact.status === 'issued')) {
    return { outcome: 'valid', document: exact, trackingNumber: await trackingOf(exact, repos) };
  }
  // Read from the raw bytes, not by parsing: a changed file need not parse any more.
  const code = /\/AduanKodeVerifikasi \(([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\)/.exec(
    Buffer.from(pdf).toString('latin1'),
  )?.[1];
  const claimed = code ? await repos.documents.findByVerificationCode(code) : null;
  if (claimed)
    return { outcome: 'changed', document: claimed, trackingNumber: await trackingOf(claimed, repos) };
  return { outcome: 'unknown' };
}

async function trackingOf(document: StoredDocument, repos: Repositories): Promise<string> {
  return (await repos.complaints.findById(document.complaintId))?.trackingNumber ?? '?';
}
