import type { InboundAttachment } from '../mail/parse/inbound-message.ts';
import type { NewAttachment, Repositories, StoredAttachment } from './ports/store.ts';

/** A part as it will be stored: its bytes, or the reason it is kept out. */
export type PlannedAttachment = Omit<NewAttachment, 'inboundMessageId' | 'complaintId' | 'createdAt'>;

/**
 * Which parts the complaint keeps. A part over the limit is kept out with the reason (the raw
 * message, stored first, still holds it) so one huge video cannot fill the database, and the
 * citizen is told in the acknowledgement.
 */
export function planAttachments(
  attachments: readonly InboundAttachment[],
  maxBytes: number,
): PlannedAttachment[] {
  return attachments.map((part) => {
    const tooLarge = part.size > maxBytes;
    return {
      kind: 'file',
      filename: part.filename,
      contentType: part.contentType,
      size: part.size,
      inline: part.inline,
      content: tooLarge ? null : part.content,
      omittedReason: tooLarge
        ? `larger than the limit of ${maxBytes} bytes (intake.maxAttachmentBytes); kept in the raw message only`
        : null,
    };
  });
}

/** Writes the planned parts inside the caller's transaction. */
export async function storeAttachments(
  repos: Repositories,
  planned: readonly PlannedAttachment[],
  owner: { inboundMessageId: string; complaintId: string | null; at: Date },
): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = [];
  for (const part of planned) {
    stored.push(
      await repos.attachments.add({
        ...part,
        inboundMessageId: owner.inboundMessageId,
        complaintId: owner.complaintId,
        createdAt: owner.at,
      }),
    );
  }
  return stored;
}

/** What the citizen is told was received and what was kept out (template data). */
export function attachmentsForMail(
  stored: readonly StoredAttachment[],
  maxBytes: number,
): {
  attachments: { filename: string; size: number; inline: boolean; fax: boolean }[];
  omitted: { filename: string; size: number; limit: number }[];
} {
  return {
    attachments: stored
      .filter((a) => a.omittedReason === null)
      .map((a) => ({ filename: a.filename, size: a.size, inline: a.inline, fax: a.kind === 'fax_archive' })),
    omitted: stored
      .filter((a) => a.omittedReason !== null)
      .map((a) => ({ filename: a.filename, size: a.size, limit: maxBytes })),
  };
}

/** The attachments as the audit trail lists them. */
export function attachmentsForEvent(stored: readonly StoredAttachment[]): Record<string, unknown>[] {
  return stored.map((a) => ({
    id: a.id,
    kind: a.kind,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    inline: a.inline,
    sha256: a.sha256,
    ...(a.omittedReason ? { omitted: a.omittedReason } : {}),
  }));
}
