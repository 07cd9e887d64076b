import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import { appendFollowUp } from './append-follow-up.ts';
import { classifyMessage } from './classify-message.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import { prepareComplaint } from './prepare-complaint.ts';
import { recogniseGateway } from './read-fax-message.ts';
import { recordBounce } from './record-bounce.ts';
import { recordCommand } from './record-command.ts';
import { decideSimply, reportDecided } from './record-decision.ts';
import { registerComplaint } from './register-complaint.ts';

export type ProcessDeps = IntakeDeps;

/**
 * Decides what a stored message is and acts on it, once: quarantined (unreadable), duplicate,
 * ignored (our own mail, auto-replies, lists, robots), bounce, command (an official's reply to a
 * task mail), appended (a citizen's follow-up) or registered (a new complaint). Each outcome is its
 * own use-case with one transaction that starts by claiming the message; running this again for
 * the same message only reports what was decided.
 */
export async function processReceivedMessage(inboundId: string, deps: IntakeDeps): Promise<IntakeResult> {
  const record = await deps.store.repos.inbound.findById(inboundId);
  if (!record) throw new Error(`inbound message ${inboundId} does not exist`);
  const sourceChannel = deps.channelOf(record.source);
  if (record.status !== 'received') return reportDecided(record, sourceChannel, deps);

  const raw = await deps.store.repos.inbound.readRaw(record.sha256);
  if (!raw)
    return decideSimply(record, sourceChannel, 'quarantined', 'raw bytes missing from the store', deps);

  let message: InboundMessage;
  try {
    message = await deps.parseMessage(raw);
  } catch (error) {
    const reason = `unreadable MIME: ${(error as Error).message}`;
    return decideSimply(record, sourceChannel, 'quarantined', reason, deps);
  }
  const from = message.from?.address ?? null;
  // A fax gateway's mail is a fax wherever it arrives; a fax mailbox holds only faxes.
  const channel = sourceChannel === 'fax' || recogniseGateway(message, deps) ? 'fax' : 'email';

  const earlier = await deps.store.repos.inbound.findEarlierCopy(record);
  if (earlier) {
    const same = earlier.messageIdHeader && earlier.messageIdHeader === record.messageIdHeader;
    const reason = `same ${same ? 'Message-ID' : 'content'} as message ${earlier.id}`;
    return decideSimply(record, channel, 'duplicate', reason, deps, from);
  }

  const kind = await classifyMessage(message, channel, deps);
  switch (kind.kind) {
    case 'ignored':
      return decideSimply(record, channel, 'ignored', kind.reason, deps, from);
    case 'bounce':
      return recordBounce(record, channel, message, kind.report, deps);
    case 'command':
      return recordCommand(record, channel, message, kind.mail, deps);
    case 'follow-up':
      return appendFollowUp(record, channel, message, kind, deps);
    case 'new':
      if (!message.from && !message.text && message.attachments.length === 0) {
        return decideSimply(record, channel, 'quarantined', 'no sender and no readable content', deps);
      }
      return registerComplaint(await prepareComplaint(record, message, channel, kind.notes, deps), deps);
  }
}
