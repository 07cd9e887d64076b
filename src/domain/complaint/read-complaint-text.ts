import type { ComplainantIdentity, ComplaintType } from './complaint.ts';
import { mobileNumberIn, normalisePhone } from './phone-number.ts';
import { signatureNameIn } from './signature-name.ts';

/**
 * Reads what a citizen's letter says about them and the report, from plain text (a mail body, or
 * the OCR text of a fax). Citizens often follow the LAPOR! form ("Nama: …", "NIK: …", "HP/WA: …")
 * or sign off ("Hormat saya,\nBudi Santoso"); anything not found stays undefined and is asked for in
 * the acknowledgement.
 */
export interface ComplaintTextFacts {
  identity: ComplainantIdentity;
  type: ComplaintType;
  anonymous: boolean;
  confidential: boolean;
}

/** List markers, quote marks and numbering before a label: "- Nama:", "1. NIK:", "> Alamat:". */
const PREFIX = String.raw`^[ \t>*•-]*(?:\d{1,2}[.)][ \t]*)?`;
const NAME_LABELS = String.raw`nama(?:\s+lengkap)?(?:\s+(?:pelapor|pengadu|sesuai\s+ktp))?|name|full\s+name`;
const NIK_LABELS = String.raw`nik|no\.?\s*ktp|nomor\s+ktp|nomor\s+induk\s+kependudukan|ktp`;
const PHONE_LABELS = String.raw`(?:no\.?|nomor)\s*(?:hp|telp\.?|telepon|tlp|wa|whatsapp|ponsel|handphone|kontak)|hp|wa|whatsapp|telp\.?|tlp|telepon|ponsel|phone|mobile|kontak`;
const ADDRESS_LABELS = String.raw`alamat(?:\s+(?:lengkap|rumah|domisili))?|domisili|address`;
const EMAIL_LABELS = String.raw`e-?mail|surel`;

/** "HP/WA/Telp:" — one or more labels of a kind, separated by "/". */
function labelled(labels: string, separator: string, value: string): RegExp {
  return new RegExp(
    `${PREFIX}(?:${labels})(?:\\s*\\/\\s*(?:${labels}))*[ \\t]*${separator}[ \\t]*${value}`,
    'im',
  );
}

const NAME = labelled(NAME_LABELS, '[:=]', '(.+)$');
/**
 * A line giving any piece of identity ("NIK: …", "No. HP/WA: …"): group 1 is the label with its
 * colon, group 2 the value. The colon is required, so "Warga …" is no "WA" line.
 */
const IDENTITY_LABELS = [NAME_LABELS, NIK_LABELS, PHONE_LABELS, ADDRESS_LABELS, EMAIL_LABELS].join('|');
export const IDENTITY_LINE = new RegExp(
  `(${PREFIX}(?:${IDENTITY_LABELS})(?:\\s*\\/\\s*(?:${IDENTITY_LABELS}))*[ \\t]*[:=][ \\t]*)(\\S.*)$`,
  'gim',
);
const NIK = labelled(NIK_LABELS, '[:=.]?', '([0-9][0-9 .-]{14,24}[0-9])(?![0-9])');
const PHONE = labelled(PHONE_LABELS, '[:=.]?', String.raw`(\+?\(?\+?[0-9][0-9 ().-]{5,20}[0-9])`);
const ADDRESS = labelled(ADDRESS_LABELS, '[:=]', '(.+)$');
const EMAIL = labelled(EMAIL_LABELS, '[:=]', String.raw`<?([^\s<>()]+@[A-Za-z0-9.-]+[A-Za-z0-9])`);
const BARE_EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/;
/** A line that starts another labelled field, which ends a multi-line address. */
const ANY_LABEL = /^[ \t>*•-]*[\p{L} ./]{2,30}[ \t]*:/u;

export function readComplaintText(input: {
  subject: string;
  text: string;
  senderName?: string | undefined;
  senderEmail?: string | undefined;
}): ComplaintTextFacts {
  const { subject, text } = input;
  const whole = `${subject}\n${text}`;
  const nik = NIK.exec(text)?.[1]?.replace(/\D/g, '');
  const anonymous = /\[(anonim|anonymous)\]|\bsaya ingin anonim\b|\bidentitas (saya )?dirahasiakan\b/i.test(
    whole,
  );
  const confidential = /\[rahasia\]|\bmohon dirahasiakan\b|\bbersifat rahasia\b/i.test(whole);
  const labelledPhone = PHONE.exec(text)?.[1];
  return {
    identity: {
      name:
        clean(NAME.exec(text)?.[1]) ??
        signatureNameIn(text) ??
        (input.senderName?.includes('@') ? undefined : clean(input.senderName)),
      email:
        clean(EMAIL.exec(text)?.[1])?.toLowerCase() ??
        input.senderEmail ??
        BARE_EMAIL.exec(text)?.[0]?.toLowerCase(),
      phone: (labelledPhone ? normalisePhone(labelledPhone) : undefined) ?? mobileNumberIn(text),
      address: addressIn(text),
      nik: nik && nik.length === 16 ? nik : undefined,
    },
    type: guessType(whole),
    anonymous,
    confidential,
  };
}

/** "Perihal: …" or "Hal: …" of a letter (a faxed letter's subject), when it has one. */
export function letterSubjectIn(text: string): string | undefined {
  return clean(new RegExp(`${PREFIX}(?:perihal|hal)[ \\t]*:[ \\t]*(.+)$`, 'im').exec(text)?.[1]);
}

/** The address line, with the lines that continue it (indented, or after a trailing comma). */
function addressIn(text: string): string | undefined {
  const match = ADDRESS.exec(text);
  if (!match) return undefined;
  const parts = [match[1]!];
  const following = text
    .slice(match.index + match[0].length)
    .split('\n')
    .slice(1);
  for (const line of following) {
    const continues = /,\s*$/.test(parts.at(-1)!) || /^[ \t]{2,}\S/.test(line);
    if (!line.trim() || !continues || ANY_LABEL.test(line)) break;
    parts.push(line);
    if (parts.length >= 4) break;
  }
  return clean(parts.join(' '));
}

function guessType(text: string): ComplaintType {
  if (
    /\b(permintaan|permohonan|mohon|minta)\s+(data|informasi|info|salinan)\b|\bbagaimana (cara|prosedur)\b/i.test(
      text,
    )
  ) {
    return 'permintaan_informasi';
  }
  if (
    /\b(aspirasi|usul(an)?|saran|masukan|harapan)\b/i.test(text) &&
    !/\b(aduan|pengaduan|keluhan|rusak|lapor)\b/i.test(text)
  ) {
    return 'aspirasi';
  }
  return 'pengaduan';
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value
    ?.replace(/\s+/g, ' ')
    .trim()
    .replace(/[.,;]$/, '')
    .slice(0, 200);
  return trimmed ? trimmed : undefined;
}
