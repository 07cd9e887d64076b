import { randomBytes } from 'node:crypto';
import { formatTanggal } from '../domain/calendar/format-indonesian.ts';
import { localParts } from '../domain/calendar/zoned-time.ts';
import type { Complaint } from '../domain/complaint/complaint.ts';
import type { DocumentModel, Kop } from '../domain/documents/document-model.ts';
import { formatDocumentNumber, numberSequenceName } from '../domain/documents/document-number.ts';
import type { DocumentKind } from '../domain/sop/sop-definition.ts';
import { roleTitle } from '../domain/sop/sop-definition.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { SealDetails } from './ports/document-renderer.ts';
import type { NewDocument, OutboxAttachment, Repositories, StoredDocument } from './ports/store.ts';

/**
 * What the document use-cases share: the kop of a unit, the next number, who acted, storing a
 * rendered model, and which documents travel with a complaint's mails.
 */
export type DocumentDeps = Pick<IntakeDeps, 'sop' | 'office' | 'documents'>;

/** The kop of a unit's letters: the region's logo and government, the unit's name and address. */
export async function kopOf(repos: Repositories, unitCode: string, deps: DocumentDeps): Promise<Kop> {
  const unit = (await repos.directory.units()).find((u) => u.code === unitCode);
  return {
    logo: deps.documents.logo,
    government: deps.documents.government,
    unitName: unit?.name ?? deps.office.name,
    contactLines: deps.documents.contactLines(unitCode),
  };
}

/** The issuing unit of a step's document: Diskominfo for its roles, the complaint's OPD for the OPD's. */
export async function issuingUnit(
  repos: Repositories,
  role: string,
  complaint: Pick<Complaint, 'opdUnitCode'>,
  deps: DocumentDeps,
): Promise<string> {
  const kind = deps.sop.roles.find((r) => r.key === role)?.unit;
  if (kind === 'opd' && complaint.opdUnitCode) return complaint.opdUnitCode;
  const diskominfo = (await repos.directory.units()).find((unit) => unit.kind === 'diskominfo');
  return diskominfo?.code ?? 'diskominfo';
}

/**
 * The next number of a kind for a unit this year, in the caller's transaction: the sequence row is
 * locked until it commits (PostgreSQL) or the one writer holds it (SQLite), so a number is never
 * skipped or given twice, and a rollback gives it back.
 */
export async function nextDocumentNumber(
  repos: Repositories,
  kind: DocumentKind,
  unitCode: string,
  at: Date,
  deps: DocumentDeps,
): Promise<{ number: string; year: number }> {
  const local = localParts(at, deps.office.timeZone);
  const urut = await repos.sequences.next(numberSequenceName(kind, unitCode, local.year));
  return {
    year: local.year,
    number: formatDocumentNumber(deps.documents.numbering[kind], {
      klasifikasi: deps.documents.klasifikasi,
      urut,
      unit: unitCode.toUpperCase(),
      year: local.year,
      month: local.month,
    }),
  };
}

/** Who acted, as a document names them: the directory's name and position, or the role's title. */
export async function officialOf(
  repos: Repositories,
  email: string,
  role: string,
  unitCode: string,
  at: Date,
  deps: DocumentDeps,
): Promise<{
  name: string;
  jabatan: string;
  pangkat: string | null;
  nip: string | null;
  acting: string | null;
}> {
  const person = await repos.directory.findPerson(email);
  const holder = (await repos.directory.holdersOf(role, unitCode, at)).find((h) => h.person.email === email);
  const unit = (await repos.directory.units()).find((u) => u.code === unitCode);
  return {
    name: person?.name ?? email,
    jabatan: person?.jabatan ?? `${roleTitle(deps.sop, role)}${unit ? ` ${unit.name}` : ''}`,
    pangkat: person?.pangkat ?? null,
    nip: person?.nip ?? null,
    acting: holder?.acting ?? null,
  };
}

/** The answer letter's wording for a complaint, in the office's language. */
export function letterWording(complaint: Complaint, deps: DocumentDeps) {
  const zone = deps.office.timeZone;
  const lang = { lang: deps.office.language };
  return deps.documents.renderer.wording.responseLetter(deps.office.language, {
    sapaan: 'Bapak/Ibu',
    tanggalTerima: formatTanggal(complaint.receivedAt, zone, lang),
    saluran: complaint.channel === 'fax' ? 'faksimile' : 'e-mail',
    nomorPengaduan: complaint.trackingNumber,
    perihal: complaint.subject,
  });
}

/** A random code printed under the QR code: 12 characters without look-alikes (0/O, 1/I). */
export function newVerificationCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const chars = Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** What the QR code carries: the office's verification address, or the code itself. */
export function qrTextOf(code: string, deps: DocumentDeps): string {
  return deps.documents.verifyUrl
    ? deps.documents.verifyUrl.replace('{kode}', code)
    : `ADUAN-VERIFIKASI:${code}`;
}

/**
 * Renders the model to PDF and DOCX and stores both with the row, in the caller's transaction; with
 * `seal`, the PDF also gets the office's certificate signature (when one is configured).
 */
export async function storeDocument(
  repos: Repositories,
  model: DocumentModel,
  row: Omit<NewDocument, 'pdf' | 'docx' | 'kind'>,
  deps: DocumentDeps,
  seal?: SealDetails,
): Promise<StoredDocument> {
  const files = await deps.documents.renderer.render(model, row.createdAt);
  const pdf = seal && deps.documents.seal ? await deps.documents.seal(files.pdf, seal) : files.pdf;
  return repos.documents.create({ ...row, kind: model.kind, pdf, docx: files.docx });
}

/** "Lembar-Disposisi-000.8.3.4-12-DISKOMINFO-2026.pdf", "Surat-Tanggapan-ADU-2026-000001-konsep.pdf". */
export function documentFileName(
  document: StoredDocument,
  trackingNumber: string,
  extension: 'pdf' | 'docx',
): string {
  const kind = document.kind === 'lembar_disposisi' ? 'Lembar-Disposisi' : 'Surat-Tanggapan';
  const which = document.number
    ? document.number.replace(/[^A-Za-z0-9.]+/g, '-')
    : `${trackingNumber}-konsep`;
  return `${kind}-${which}.${extension}`;
}

/**
 * The documents that travel with a complaint's task mails: every disposition sheet so far and the
 * newest answer letter (the draft for the signer, the signed one after), as PDFs. With
 * `signedLetterOnly` (the citizen's answer), only a signed letter.
 */
export async function documentsToAttach(
  repos: Repositories,
  complaint: Pick<Complaint, 'id' | 'trackingNumber'>,
  options: { signedLetterOnly?: boolean } = {},
): Promise<OutboxAttachment[]> {
  const documents = (await repos.documents.listForComplaint(complaint.id)).filter(
    (d) => d.status !== 'superseded',
  );
  const letter = documents.findLast((d) => d.kind === 'surat_tanggapan');
  const wanted = options.signedLetterOnly
    ? (d: StoredDocument) => d === letter && d.status === 'signed'
    : (d: StoredDocument) => d.kind === 'lembar_disposisi' || d === letter;
  return documents.filter(wanted).map((d) => ({
    filename: documentFileName(d, complaint.trackingNumber, 'pdf'),
    contentType: 'application/pdf',
    sha256: d.pdfSha256,
  }));
}
