import type { ComplainantIdentity } from './complaint.ts';
import { IDENTITY_LINE } from './read-complaint-text.ts';

const WITHHELD = '[dirahasiakan]';

/**
 * A complaint's text as an OPD may read it when the complainant asked for confidentiality or
 * anonymity (UU 27/2022): the identity lines keep their label and lose their value, and the
 * known name, NIK, address, e-mail and phone — and anything shaped like a NIK, an e-mail address or
 * a mobile number — are withheld wherever else they appear (a signature, a sentence).
 */
export function redactIdentity(text: string, identity: ComplainantIdentity): string {
  const redacted = withholdKnownIdentity(
    text.replace(IDENTITY_LINE, (_line, label: string) => `${label}${WITHHELD}`),
    identity,
  );
  return redacted
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, WITHHELD)
    .replace(/(?<!\d)\d{16}(?!\d)/g, WITHHELD)
    .replace(/(?<![\d+])(\+62[ -]?|62|0)8\d{1,3}[ .-]?\d{3,4}[ .-]?\d{3,5}(?!\d)/g, WITHHELD);
}

/**
 * Only the complainant's own name, NIK, address, e-mail and phone withheld, wherever they appear:
 * for text that also names officials (an audit trail), whose addresses must stay readable.
 */
export function withholdKnownIdentity(text: string, identity: ComplainantIdentity): string {
  const known = [identity.name, identity.nik, identity.address, identity.email, ...phoneForms(identity.phone)]
    .filter((value): value is string => Boolean(value && value.trim().length >= 3))
    .sort((a, b) => b.length - a.length);
  let withheld = text;
  for (const value of known) withheld = withheld.split(value).join(WITHHELD);
  return withheld;
}

/** +6281234567890 as it may also be written: 081234567890. */
function phoneForms(phone: string | undefined): string[] {
  if (!phone) return [];
  return phone.startsWith('+62') ? [phone, `0${phone.slice(3)}`] : [phone];
}
