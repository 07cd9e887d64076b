import type { Channel } from '../domain/complaint/complaint.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import { stripQuotedReply } from '../mail/parse/strip-quoted-reply.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord, OutboxMail } from './ports/store.ts';
import { claim, decideOnce, intakeResult } from './record-decision.ts';

/**
 * An official's reply to one of our task mails (X-Aduan-Kind: task): a command for the complaint's
 * SOP. The command layer (acting-by-email issue) authenticates and carries it out; until then it is
 * recorded whole — never as a mere note (osTicket#4607) and never refused for the sender
 * (FreeScout#4044) — as a `command.received` event with the official as actor.
 */
export async function recordCommand(
  record: InboundMessageRecord,
  channel: Channel,
  message: InboundMessage,
  taskMail: OutboxMail,
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const at = deps.clock();
  const from = message.from?.address ?? null;
  const complaintId = taskMail.complaintId ?? null;
  const reason = `reply to task mail ${taskMail.id}; waiting for the command layer`;
  return decideOnce(record, channel, deps, async (repos) => {
    await claim(repos, record, { status: 'command', complaintId, reason, fromAddress: from });
    await repos.events.append({
      complaintId,
      at,
      actor: from ?? 'unknown',
      type: 'command.received',
      data: {
        inboundId: record.id,
        outboxId: taskMail.id,
        from,
        subject: message.subject,
        text: stripQuotedReply(message.text),
        attachments: message.attachments.map((a) => ({ filename: a.filename, size: a.size })),
      },
    });
    const complaint = complaintId ? await repos.complaints.findById(complaintId) : null;
    return intakeResult(record, channel, {
      outcome: 'command',
      reason,
      tracking: complaint?.trackingNumber ?? null,
      confidential: complaint?.confidential ?? false,
    });
  });
}
