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
  input: { complaint: Complaint; signer: string; role: string; stepId: string; now: Date },
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
  return storeDocument(
    repos,
    buildResponseLetter(facts, wording),
    {
      complaintId: complaint.id,
      unitCode: draft.unitCode,
      number,
      year,
      version: letters.length + 1,
      status: 'signed',
      stepId: input.stepId,
      facts: { ...facts, kop: { ...facts.kop, logo: null } },
      verificationCode: code,
      signedBy: input.signer,
      signedAt: now,
      createdAt: now,
    },
    deps,
  );
}
