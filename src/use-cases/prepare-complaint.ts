import type { Channel } from '../domain/complaint/complaint.ts';
import { normalisePhone } from '../domain/complaint/phone-number.ts';
import { readComplaintText, type ComplaintTextFacts } from '../domain/complaint/read-complaint-text.ts';
import { routeByTopic } from '../domain/complaint/route-by-topic.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import { stripQuotedReply } from '../mail/parse/strip-quoted-reply.ts';
import type { AcknowledgementRoute } from './acknowledgement-mail.ts';
import type { IntakeNote } from './classify-message.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { InboundMessageRecord } from './ports/store.ts';
import { readFaxMessage } from './read-fax-message.ts';
import { planAttachments, type PlannedAttachment } from './store-attachments.ts';

/** A new complaint, read and planned, ready for the registration transaction. */
export interface ComplaintIntake {
  record: InboundMessageRecord;
  message: InboundMessage;
  channel: Channel;
  subject: string;
  body: string;
  facts: ComplaintTextFacts;
  category: string | null;
  suggestedUnit: string | null;
  attachments: PlannedAttachment[];
  /** Null: nobody to send it to (recorded for the operator instead). */
  acknowledgeTo: AcknowledgementRoute | null;
  needsTranscription: boolean;
  notes: IntakeNote[];
  fax: {
    gateway: string | null;
    faxNumber: string | null;
    pages: number;
    confidence: number | null;
    notes: string[];
  } | null;
}

/**
 * Everything slow or fallible about a new complaint, done before its transaction: the fax's OCR,
 * reading identity, type and topic from the text, and which parts are kept.
 */
export async function prepareComplaint(
  record: InboundMessageRecord,
  message: InboundMessage,
  channel: Channel,
  notes: IntakeNote[],
  deps: IntakeDeps,
): Promise<ComplaintIntake> {
  const attachments = planAttachments(message.attachments, deps.intake.maxAttachmentBytes);
  if (channel === 'email') {
    const facts = readComplaintText({
      subject: message.subject,
      // Identity is read from the citizen's own words, not from a mail they quote.
      text: stripQuotedReply(message.text),
      senderName: message.from?.name || undefined,
      senderEmail: message.from?.address,
    });
    const replyTo = (message.replyTo ?? message.from)?.address;
    return {
      ...common(record, message, channel, notes, facts, message.subject, message.text),
      attachments,
      acknowledgeTo: replyTo ? { via: 'email', address: replyTo } : null,
      needsTranscription: false,
      fax: null,
    };
  }

  const fax = await readFaxMessage(message, deps);
  // A fax comes From the gateway: its name and address are not the citizen's; the pages are.
  const facts = readComplaintText({ subject: fax.subject, text: fax.body });
  facts.identity.phone ??= fax.faxNumber ? normalisePhone(fax.faxNumber) : undefined;
  const archive = fax.reading.archive;
  if (archive) {
    // A gateway's PDF is its own archive: kept once, as the archive with the OCR text.
    const same = attachments.findIndex((a) => a.content !== null && sameBytes(a.content, archive.content));
    if (same !== -1) attachments.splice(same, 1);
    attachments.push({
      kind: 'fax_archive',
      filename: archive.filename,
      contentType: 'application/pdf',
      size: archive.content.byteLength,
      inline: false,
      content: archive.content,
      omittedReason: null,
      ocrText: fax.reading.text,
      ocrConfidence: fax.reading.confidence,
    });
  }
  // Answered by the means the citizen left: e-mail if the letter gives one, else by fax.
  const acknowledgeTo: AcknowledgementRoute | null = facts.identity.email
    ? { via: 'email', address: facts.identity.email }
    : fax.faxNumber
      ? { via: 'fax', address: deps.office.faxReplyAddress.replace('{nomor}', fax.faxNumber) }
      : null;
  return {
    ...common(record, message, channel, notes, facts, fax.subject, fax.body),
    attachments,
    acknowledgeTo,
    needsTranscription: fax.reading.needsTranscription,
    fax: {
      gateway: fax.gateway,
      faxNumber: fax.faxNumber,
      pages: fax.reading.pages.length,
      confidence: fax.reading.confidence,
      notes: fax.reading.notes,
    },
  };
}

function common(
  record: InboundMessageRecord,
  message: InboundMessage,
  channel: Channel,
  notes: IntakeNote[],
  facts: ComplaintTextFacts,
  subject: string,
  body: string,
) {
  const route = routeByTopic(`${subject}\n${body}`);
  return {
    record,
    message,
    channel,
    subject: subject || firstLine(body) || '(tanpa perihal)',
    body,
    facts,
    category: route?.category ?? null,
    suggestedUnit: route?.unit ?? null,
    notes,
  };
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 120);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}
