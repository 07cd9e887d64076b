import type { DocumentKind } from '../../domain/documents/document-model.ts';
import type { DocumentRepository, DocumentStatus, StoredDocument } from '../../use-cases/ports/store.ts';
import type { Document } from '../generated/sqlite/client.ts';
import { oneOf } from '../client.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import { storeBlob } from './raw-blobs.ts';

const KINDS = ['lembar_disposisi', 'surat_tanggapan'] as const satisfies readonly DocumentKind[];
const STATUSES = ['draft', 'issued', 'signed', 'superseded'] as const satisfies readonly DocumentStatus[];

/**
 * Official documents, one row per version. The unique (kind, unit, year, number) index is the last
 * guard against a number used twice; the sequence that hands numbers out is the first.
 */
export function documentRepository(db: Db): DocumentRepository {
  return {
    async create(input) {
      const pdfSha256 = await storeBlob(db, input.pdf);
      const docxSha256 = await storeBlob(db, input.docx);
      const row = await db.document.create({
        data: {
          id: newId(),
          complaintId: input.complaintId,
          kind: input.kind,
          unitCode: input.unitCode,
          number: input.number,
          year: input.year,
          version: input.version,
          status: input.status,
          stepId: input.stepId,
          facts: JSON.stringify(input.facts),
          pdfSha256,
          docxSha256,
          verificationCode: input.verificationCode,
          signedBy: input.signedBy,
          signedAt: input.signedAt,
          createdAt: input.createdAt,
        },
      });
      return toDocument(row);
    },
    async listForComplaint(complaintId) {
      const rows = await db.document.findMany({
        where: { complaintId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toDocument);
    },
    async findByPdfHash(sha256) {
      const row = await db.document.findFirst({ where: { pdfSha256: sha256 } });
      return row ? toDocument(row) : null;
    },
    async findByVerificationCode(code) {
      const row = await db.document.findUnique({ where: { verificationCode: code } });
      return row ? toDocument(row) : null;
    },
    async supersede(id) {
      const { count } = await db.document.updateMany({
        where: { id, status: 'draft' },
        data: { status: 'superseded' },
      });
      return count === 1;
    },
  };
}

function toDocument(row: Document): StoredDocument {
  return {
    id: row.id,
    complaintId: row.complaintId,
    kind: oneOf(KINDS, row.kind, 'document kind'),
    unitCode: row.unitCode,
    number: row.number,
    year: row.year,
    version: row.version,
    status: oneOf(STATUSES, row.status, 'document status'),
    stepId: row.stepId,
    facts: JSON.parse(row.facts) as unknown,
    pdfSha256: row.pdfSha256,
    docxSha256: row.docxSha256,
    verificationCode: row.verificationCode,
    signedBy: row.signedBy,
    signedAt: row.signedAt,
    createdAt: row.createdAt,
  };
}
