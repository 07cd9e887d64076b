import type { Channel } from '../domain/complaint/complaint.ts';
import type { MissingIdentity } from '../domain/complaint/identity-check.ts';
import { formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import { simulateSop } from '../domain/sop/simulate.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { OutgoingMail, StoredAttachment } from './ports/store.ts';
import { attachmentsForMail } from './store-attachments.ts';

/** Where a citizen is answered: their mail address, or the fax gateway for their fax number. */
export interface AcknowledgementRoute {
  via: 'email' | 'fax';
  address: string;
}

export interface AcknowledgementFacts {
  complaintId: string;
  trackingNumber: string;
  channel: Channel;
  route: AcknowledgementRoute;
  /** The greeting's name; null for anonim complaints and unknown names. */
  name: string | null;
  subject: string;
  receivedAt: Date;
  firstDue: Date | null;
  missing: MissingIdentity[];
  stored: readonly StoredAttachment[];
  needsTranscription: boolean;
  /** The citizen's message, threaded under when the answer goes by e-mail to an e-mail. */
  inReplyTo: string | null;
  references: readonly string[];
}

/**
 * The acknowledgement (templates/mail/<lang>/tanda-terima.hbs): tracking number, what was received
 * and what was kept out, the first review's due time and the expected answer date — the SOP's
 * whole main path in working time from the receipt (simulateSop's finalDueAt) — how to follow up,
 * and which identity is still missing.
 */
export function acknowledgementMail(facts: AcknowledgementFacts, deps: IntakeDeps): OutgoingMail {
  const { office } = deps;
  const when = (at: Date) => formatTanggalWaktu(at, office.timeZone, { lang: office.language });
  const answerBy = simulateSop(deps.sop, { start: facts.receivedAt, calendar: deps.calendar }).finalDueAt;
  const mail = deps.renderMail('tanda-terima', office.language, {
    trackingNumber: facts.trackingNumber,
    name: facts.name,
    subject: facts.subject,
    receivedAt: when(facts.receivedAt),
    firstDue: facts.firstDue ? when(facts.firstDue) : null,
    expectedAnswer: when(answerBy),
    channel: facts.channel,
    replyBy: facts.route.via,
    missing: facts.missing,
    ...attachmentsForMail(facts.stored, deps.intake.maxAttachmentBytes),
    maxAttachmentBytes: deps.intake.maxAttachmentBytes,
    needsTranscription: facts.needsTranscription,
    officeName: office.name,
    sopName: deps.sop.name,
  });
  const threaded = facts.channel === 'email' && facts.route.via === 'email' && facts.inReplyTo;
  return {
    dedupeKey: `acknowledgement:${facts.complaintId}`,
    to: facts.route.address,
    subject: mail.subject,
    text: mail.text,
    inReplyTo: threaded ? facts.inReplyTo : null,
    references: threaded ? [...facts.references, facts.inReplyTo!] : [],
    // RFC 3834: marks the acknowledgement as automatic so well-behaved autoresponders don't answer it.
    headers: {
      'Auto-Submitted': 'auto-replied',
      'X-Aduan-Tracking': facts.trackingNumber,
      'X-Aduan-Kind': 'acknowledgement',
    },
    complaintId: facts.complaintId,
  };
}
