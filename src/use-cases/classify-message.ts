import type { Channel, Complaint } from '../domain/complaint/complaint.ts';
import { trackingNumberRegExp } from '../domain/complaint/tracking-number.ts';
import { automaticMailReason, isOutOfOffice } from '../mail/parse/automatic-mail.ts';
import { tokenInAddress } from '../security/reply-token.ts';
import type { DeliveryReport, InboundMessage } from '../mail/parse/inbound-message.ts';
import { findRepliedMail, isTaskMail, repliedMessageIds, type OurMail } from './find-our-mail.ts';
import { isReportMail } from './archive-report-disposition.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { OutboxMail } from './ports/store.ts';

/** Something intake noticed about a new complaint, recorded as a `complaint.note` event. */
export interface IntakeNote {
  kind: 'mentions-other-complaint' | 'unknown-tracking-number';
  trackingNumber: string;
  text: string;
}

export type Classification =
  | { kind: 'ignored'; reason: string }
  /** An official's out-of-office reply to a task mail: their open tasks go to someone present. */
  | { kind: 'absence'; reason: string }
  | { kind: 'bounce'; report: DeliveryReport }
  | { kind: 'command'; mail: OutboxMail | null }
  | { kind: 'report-reply'; mail: OutboxMail }
  | {
      kind: 'follow-up';
      complaint: Complaint;
      via: 'reply' | 'tracking-number';
      senderIsComplainant: boolean;
    }
  | { kind: 'new'; notes: IntakeNote[] };

/**
 * What a readable, non-duplicate message is, in this order: a bounce; our own mail coming back;
 * a machine's mail (auto-reply, list, robot); an official's reply to a task mail; a reply to a
 * report (the leadership's disposition); a citizen's follow-up; otherwise a new complaint. Reads only; the decision is written by the outcome's
 * use-case, once.
 *
 * A tracking number in the subject attaches a mail to that complaint only when the sender is its
 * complainant: a stranger quoting someone else's number (zammad#5064) gets a complaint of their
 * own, with a note. A reply to one of our mails (In-Reply-To/References naming our Message-ID)
 * needs no number: only the recipient of that mail knows its Message-ID.
 *
 * `ourMail` holds our mails among the Message-IDs `messageIdsToLookUp` names, looked up once
 * for the whole batch (findOurMails).
 */
export async function classifyMessage(
  message: InboundMessage,
  channel: Channel,
  ourMail: OurMail,
  deps: IntakeDeps,
): Promise<Classification> {
  if (message.deliveryReport) return { kind: 'bounce', report: message.deliveryReport };

  const own = ownMailReason(message, ourMail, deps);
  if (own) return { kind: 'ignored', reason: own };
  // A gateway's fax mail is written by a machine by design: the robot rules would drop complaints.
  if (channel !== 'email') return { kind: 'new', notes: [] };

  const replied = findRepliedMail(message, ourMail);
  const taskMail = replied && isTaskMail(replied) ? replied : null;
  // Sent to a task mail's Reply-To (our address plus a token), whatever it says it replies to.
  const toToken = message.to.some((to) => tokenInAddress(to.address, deps.office.address));
  const automatic = automaticMailReason(message);
  if (automatic) {
    // An official's out-of-office notice to a task mail is never answered, but their tasks move.
    if ((taskMail || toToken) && isOutOfOffice(message)) return { kind: 'absence', reason: automatic };
    return { kind: 'ignored', reason: automatic };
  }
  if (taskMail || toToken) return { kind: 'command', mail: taskMail };
  if (replied && isReportMail(replied)) return { kind: 'report-reply', mail: replied };
  if (replied?.complaintId) {
    const complaint = await deps.store.repos.complaints.findById(replied.complaintId);
    if (complaint) {
      const senderIsComplainant = await isComplainant(message, complaint, deps);
      return { kind: 'follow-up', complaint, via: 'reply', senderIsComplainant };
    }
  }

  const notes: IntakeNote[] = [];
  for (const trackingNumber of trackingNumbersIn(message.subject, deps.office.trackingPattern)) {
    const complaint =
      (await deps.store.repos.complaints.findByTrackingNumber(trackingNumber)) ??
      (await deps.store.repos.complaints.findByTrackingNumber(trackingNumber.toUpperCase()));
    if (!complaint) {
      notes.push({
        kind: 'unknown-tracking-number',
        trackingNumber,
        text: `The subject names ${trackingNumber}, which does not exist.`,
      });
    } else if (await isComplainant(message, complaint, deps)) {
      return { kind: 'follow-up', complaint, via: 'tracking-number', senderIsComplainant: true };
    } else {
      notes.push({
        kind: 'mentions-other-complaint',
        trackingNumber,
        text: `The subject names ${trackingNumber}, but the sender is not its complainant: registered as a new complaint, not attached to it.`,
      });
    }
  }
  return { kind: 'new', notes };
}

/** From one of our addresses, carrying our tracking header, or bearing a Message-ID we sent. */
function ownMailReason(message: InboundMessage, ourMail: OurMail, deps: IntakeDeps): string | null {
  const from = message.from?.address ?? '';
  if (deps.ownAddresses.includes(from)) return `sent by our own address ${from}`;
  const tracking = message.headers['x-aduan-tracking'];
  if (tracking) return `our own mail came back (X-Aduan-Tracking: ${tracking})`;
  if (message.messageId && ourMail.has(message.messageId))
    return `our own mail came back (Message-ID ${message.messageId})`;
  return null;
}

/** The sender (From, never Reply-To: gitlab#349329) is the complainant's address or sent the complaint. */
async function isComplainant(
  message: InboundMessage,
  complaint: Complaint,
  deps: IntakeDeps,
): Promise<boolean> {
  const from = message.from?.address;
  if (!from) return false;
  const identity = await deps.store.repos.complaints.identityOf(complaint.id);
  if (identity.email?.toLowerCase() === from) return true;
  const source = await deps.store.repos.inbound.findById(complaint.sourceMessageId);
  return source?.fromAddress === from;
}

/** The Message-IDs classifyMessage asks `ourMail` about. */
export function messageIdsToLookUp(message: InboundMessage): string[] {
  return [...(message.messageId ? [message.messageId] : []), ...repliedMessageIds(message)];
}

function trackingNumbersIn(subject: string, pattern: string): string[] {
  return [...new Set([...subject.matchAll(trackingNumberRegExp(pattern))].map((m) => m[0]))];
}
