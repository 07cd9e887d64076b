import type { ComplainantIdentity, ComplaintType } from './complaint.ts';

/**
 * Reads what a citizen's letter says about them and the report, from plain text. Citizens often follow
 * the LAPOR! form ("Nama: …", "NIK: …"); anything not found stays undefined and is asked for in the
 * acknowledgement.
 */
export interface ComplaintTextFacts {
  identity: ComplainantIdentity;
  type: ComplaintType;
  anonymous: boolean;
  confidential: boolean;
}

const LABEL = String.raw`^[ \t>*-]*`;
const NAME = new RegExp(`${LABEL}(?:nama(?: lengkap)?(?: pelapor)?|name)\\s*[:=]\\s*(.+)$`, 'im');
const NIK = new RegExp(
  `${LABEL}(?:nik|no\\.? ?ktp|nomor induk kependudukan)\\s*[:=]?\\s*([0-9][0-9 .-]{14,22}[0-9])`,
  'im',
);
const PHONE = new RegExp(
  `${LABEL}(?:no\\.? ?(?:hp|telp|telepon|wa)|nomor (?:hp|telepon|whatsapp|wa)|telepon|telp|hp|wa|whatsapp|phone)\\s*[:=]?\\s*(\\+?[0-9][0-9 ().-]{7,18}[0-9])`,
  'im',
);
const ADDRESS = new RegExp(`${LABEL}(?:alamat(?: lengkap)?|address)\\s*[:=]\\s*(.+)$`, 'im');
const EMAIL = new RegExp(`${LABEL}(?:e-?mail|surel)\\s*[:=]\\s*([^\\s<>]+@[^\\s<>]+)`, 'im');

export function readComplaintText(input: {
  subject: string;
  text: string;
  senderName?: string;
  senderEmail?: string;
}): ComplaintTextFacts {
  const { subject, text } = input;
  const whole = `${subject}\n${text}`;
  const nik = NIK.exec(text)?.[1]?.replace(/\D/g, '');
  const anonymous = /\[(anonim|anonymous)\]|\bsaya ingin anonim\b|\bidentitas (saya )?dirahasiakan\b/i.test(
    whole,
  );
  const confidential = /\[rahasia\]|\bmohon dirahasiakan\b|\bbersifat rahasia\b/i.test(whole);
  return {
    identity: {
      name: clean(NAME.exec(text)?.[1]) ?? clean(input.senderName),
      email: clean(EMAIL.exec(text)?.[1])?.toLowerCase() ?? input.senderEmail,
      phone: normalisePhone(PHONE.exec(text)?.[1]),
      address: clean(ADDRESS.exec(text)?.[1]),
      nik: nik && nik.length === 16 ? nik : undefined,
    },
    type: guessType(whole),
    anonymous,
    confidential,
  };
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
    .replace(/[.,;]$/, '');
  return trimmed ? trimmed : undefined;
}

/** Indonesian numbers written as 0812…, 62812… or +62 812-…, stored as +62…. */
function normalisePhone(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const digits = value.replace(/\D/g, '');
  if (digits.startsWith('62')) return `+${digits}`;
  if (digits.startsWith('0')) return `+62${digits.slice(1)}`;
  return digits.length >= 8 ? digits : undefined;
}
