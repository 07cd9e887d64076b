import type { AttachmentKind, AttachmentRepository, StoredAttachment } from '../../use-cases/ports/store.ts';
import type { Attachment } from '../generated/sqlite/client.ts';
import { oneOf } from '../client.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import { storeBlob } from './raw-blobs.ts';

const KINDS = ['file', 'fax_archive'] as const satisfies readonly AttachmentKind[];

/**
 * Attachments of complaints and follow-ups. The bytes go into raw_blobs, content-addressed like raw
 * mail (`ON CONFLICT DO NOTHING`: the same photo sent twice is stored once); a part kept out (too
 * large) gets its row with the reason and no bytes — the raw message still holds them.
 */
export function attachmentRepository(db: Db): AttachmentRepository {
  return {
    async add(input) {
      const sha256 = input.content ? await storeBlob(db, input.content) : null;
      const row = await db.attachment.create({
        data: {
          id: newId(),
          complaintId: input.complaintId,
          inboundMessageId: input.inboundMessageId,
          kind: input.kind,
          filename: input.filename,
          contentType: input.contentType,
          size: input.size,
          inline: input.inline,
          sha256,
          omittedReason: input.omittedReason,
          ocrText: input.ocrText ?? null,
          ocrConfidence: input.ocrConfidence ?? null,
          createdAt: input.createdAt,
        },
      });
      return toAttachment(row);
    },

    async listForComplaint(complaintId) {
      const rows = await db.attachment.findMany({ where: { complaintId }, orderBy: { id: 'asc' } });
      return rows.map(toAttachment);
    },

    async listForMessage(inboundMessageId) {
      const rows = await db.attachment.findMany({ where: { inboundMessageId }, orderBy: { id: 'asc' } });
      return rows.map(toAttachment);
    },

    async readContent(attachmentId) {
      const row = await db.attachment.findUnique({
        where: { id: attachmentId },
        select: { blob: { select: { bytes: true } } },
      });
      return row?.blob ? new Uint8Array(row.blob.bytes) : null;
    },
    async readBlob(sha256) {
      const row = await db.rawBlob.findUnique({ where: { sha256 }, select: { bytes: true } });
      return row ? new Uint8Array(row.bytes) : null;
    },
  };
}

function toAttachment(row: Attachment): StoredAttachment {
  return {
    id: row.id,
    inboundMessageId: row.inboundMessageId,
    complaintId: row.complaintId,
    kind: oneOf(KINDS, row.kind, 'attachment kind'),
    filename: row.filename,
    contentType: row.contentType,
    size: row.size,
    inline: row.inline,
    sha256: row.sha256,
    omittedReason: row.omittedReason,
    ocrText: row.ocrText,
    ocrConfidence: row.ocrConfidence,
    createdAt: row.createdAt,
  };
}
