import type { Complaint } from '../domain/complaint/complaint.ts';
import { buildResponseLetter, type ResponseLetterFacts } from '../domain/documents/response-letter.ts';
import { formatTanggal, formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import {
  kopOf,
  letterWording,
  newVerificationCode,
  nextDocumentNumber,
  officialOf,
  qrTextOf,
  storeDocument,
  type DocumentDeps,
} from './document-records.ts';
import type { Repositories, StoredDocument } from './ports/store.ts';

/**
 * The signer's SETUJU/TTD on the draft letter (Balangan step 8): the letter gets its number, the
 * date of signing, the signer as the directory knows them (Plt./Plh. when acting), and the
 * signature block "Ditandatangani secara elektronik" with the time and a QR code carrying a fresh
 * verification code. It is stored as a new, signed version with the PDF's SHA-256; the draft is
 * superseded. Returns null when there is no draft to sign.
 */
export async function signResponseLetter(
  repos: Repositories,
  input: {
    complaint: Complaint;
    signer: string;
    role: string;
    stepId: string;
    now: Date;
    /** The letter printed, signed by hand and scanned, sent back by the signer: stored as it is. */
    scan?: Uint8Array;
  },
  deps: DocumentDeps,
): Promise<StoredDocument | null> {
  const { complaint, now } = input;
  const zone = deps.office.timeZone;
  const lang = { lang: deps.office.language };
  const letters = (await repos.documents.listForComplaint(complaint.id)).filter(
    (d) => d.kind === 'surat_tanggapan',
  );
  const draft = letters.findLast((d) => d.status === 'draft');
  if (!draft) return null;
  const drafted = draft.facts as ResponseLetterFacts;
  const { number, year } = await nextDocumentNumber(repos, 'surat_tanggapan', draft.unitCode, now, deps);
  const signer = await officialOf(repos, input.signer, input.role, draft.unitCode, now, deps);
  const code = newVerificationCode();
  const wording = letterWording(complaint, deps);
  const facts: ResponseLetterFacts = {
    ...drafted,
    kop: await kopOf(repos, draft.unitCode, deps),
    placeAndDate: `${deps.documents.place}, ${formatTanggal(now, zone, lang)}`,
    number,
    draft: false,
    verificationCode: code,
    signature: {
      jabatan: `${signer.acting ? `${signer.acting}. ` : ''}${signer.jabatan}`,
      name: signer.name,
      pangkat: signer.pangkat,
      nip: signer.nip,
      signed: {
        statement: wording.signedStatement,
        at: `${formatTanggalWaktu(now, zone, lang)} · ${code}`,
        qrText: qrTextOf(code, deps),
      },
    },
  };
  await repos.documents.supersede(draft.id);
  const row = {
    complaintId: complaint.id,
    unitCode: draft.unitCode,
    number,
    year,
    version: letters.length + 1,
    status: 'signed' as const,
    stepId: input.stepId,
    facts: { ...facts, kop: { ...facts.kop, logo: null }, ...(input.scan ? { scanned: true } : {}) },
    verificationCode: code,
    signedBy: input.signer,
    signedAt: now,
    createdAt: now,
  };
  if (input.scan) {
    // The scan is the letter; its hash is what `aduan verify` knows it by. The Word file stays
    // the draft's, for whoever must retype a correction.
    const docx = await repos.attachments.readBlob(draft.docxSha256);
    if (!docx) throw new Error(`the draft ${draft.id} has no stored DOCX`);
    return repos.documents.create({ ...row, kind: 'surat_tanggapan', pdf: input.scan, docx });
  }
  return storeDocument(repos, buildResponseLetter(facts, wording), row, deps, {
    name: signer.name,
    reason: `${deps.documents.sealReason} ${complaint.trackingNumber}, nomor ${number}`,
    location: deps.documents.place,
    contactInfo: input.signer,
    at: now,
  });
}
