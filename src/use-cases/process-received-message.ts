import type { Channel } from '../domain/complaint/complaint.ts';
import { faxNumberIn } from '../domain/complaint/fax-number.ts';
import { missingIdentityFields } from '../domain/complaint/identity-check.ts';
import { readComplaintText } from '../domain/complaint/read-complaint-text.ts';
import { routeByTopic } from '../domain/complaint/route-by-topic.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord, Store } from './ports/store.ts';
import { registerComplaint, type RegistrationDeps } from './register-complaint.ts';

export interface ProcessDeps extends RegistrationDeps {
  store: Store;
  parseMessage: (raw: Uint8Array) => Promise<InboundMessage>;
  /** Which kind of mailbox a configured source is. */
  channelOf: (source: string) => Channel;
  /** Our own addresses: mail from them is never a complaint (loop guard). */
  ownAddresses: readonly string[];
}

/**
 * Decides what a stored message is and acts on it: quarantine, ignore, duplicate, or a new
 * complaint. Safe to run again for the same message: a decided message is only reported.
 */
export async function processReceivedMessage(inboundId: string, deps: ProcessDeps): Promise<IntakeResult> {
  const record = await deps.store.repos.inbound.findById(inboundId);
  if (!record) throw new Error(`inbound message ${inboundId} does not exist`);
  const channel = deps.channelOf(record.source);
  if (record.status !== 'received') return await reportDecided(record, channel, deps);

  const raw = await deps.store.repos.inbound.readRaw(record.sha256);
  if (!raw) return decide(record, channel, 'quarantined', 'raw bytes missing from the store', deps);

  let message: InboundMessage;
  try {
    message = await deps.parseMessage(raw);
  } catch (error) {
    return decide(record, channel, 'quarantined', `unreadable MIME: ${(error as Error).message}`, deps);
  }

  const earlier = await deps.store.repos.inbound.findEarlierCopy(record);
  if (earlier)
    return decide(
      record,
      channel,
      'duplicate',
      `same ${earlier.messageIdHeader && earlier.messageIdHeader === record.messageIdHeader ? 'Message-ID' : 'content'} as message ${earlier.id}`,
      deps,
    );

  const ignoreReason = reasonToIgnore(message, deps.ownAddresses);
  if (ignoreReason) return decide(record, channel, 'ignored', ignoreReason, deps);

  if (!message.from && !message.text && message.attachments.length === 0) {
    return decide(record, channel, 'quarantined', 'no sender and no readable content', deps);
  }

  const facts = readComplaintText({
    subject: message.subject,
    text: message.text,
    // A fax arrives From the gateway: its name and address are not the citizen's.
    senderName: channel === 'email' ? message.from?.name || undefined : undefined,
    senderEmail: channel === 'email' ? (message.replyTo ?? message.from)?.address : undefined,
  });
  // A fax number is a way to reach the citizen: the answer goes back by fax.
  if (channel === 'fax')
    facts.identity.phone ??= faxNumberIn(`${message.subject}\n${message.text}`) ?? undefined;
  const route = routeByTopic(`${message.subject}\n${message.text}`);
  const registered = await registerComplaint(
    {
      record,
      message,
      channel,
      facts,
      category: route?.category ?? null,
      suggestedUnit: route?.unit ?? null,
    },
    deps,
  );
  return {
    inboundId: record.id,
    messageId: record.messageIdHeader,
    outcome: registered.outcome,
    reason: registered.reason,
    tracking: registered.trackingNumber,
    channel,
    identity: facts.identity,
    missing: missingIdentityFields(facts.identity),
    confidential: facts.confidential,
  };
}

/** RFC 3834 and the usual robot markers: answering these is how mail loops start. */
function reasonToIgnore(message: InboundMessage, ownAddresses: readonly string[]): string | null {
  const from = message.from?.address ?? '';
  if (ownAddresses.includes(from)) return `sent by our own address ${from}`;
  if (message.autoSubmitted && message.autoSubmitted !== 'no')
    return `automatic reply (Auto-Submitted: ${message.autoSubmitted})`;
  if (message.precedence && /^(bulk|junk|list|auto_reply)$/.test(message.precedence))
    return `bulk or automatic mail (Precedence: ${message.precedence})`;
  if (/^(mailer-daemon|postmaster|no-?reply)@/i.test(from)) return `sent by a robot address ${from}`;
  return null;
}

async function decide(
  record: InboundMessageRecord,
  channel: Channel,
  outcome: 'quarantined' | 'ignored' | 'duplicate',
  reason: string,
  deps: ProcessDeps,
): Promise<IntakeResult> {
  const at = deps.clock();
  const decided = await deps.store.transaction(async (repos) => {
    if (!(await repos.inbound.decide(record.id, { status: outcome, reason }))) return false;
    await repos.events.append({
      complaintId: null,
      at,
      actor: 'system',
      type: `message.${outcome}`,
      data: { inboundId: record.id, reason },
    });
    return true;
  });
  if (!decided)
    return reportDecided((await deps.store.repos.inbound.findById(record.id)) ?? record, channel, deps);
  deps.log.info({ inboundId: record.id, outcome, reason }, `message ${outcome}`);
  return {
    inboundId: record.id,
    messageId: record.messageIdHeader,
    outcome,
    reason,
    tracking: null,
    channel,
    identity: null,
    missing: [],
    confidential: false,
  };
}

async function reportDecided(
  record: InboundMessageRecord,
  channel: Channel,
  deps: ProcessDeps,
): Promise<IntakeResult> {
  const complaint = record.complaintId
    ? await deps.store.repos.complaints.findById(record.complaintId)
    : null;
  return {
    inboundId: record.id,
    messageId: record.messageIdHeader,
    outcome: record.status === 'received' ? 'quarantined' : record.status,
    reason: record.reason,
    tracking: complaint?.trackingNumber ?? null,
    channel,
    identity: null,
    missing: [],
    confidential: complaint?.confidential ?? false,
  };
}
