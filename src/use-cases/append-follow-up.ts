import type { Channel, ComplainantIdentity, Complaint } from '../domain/complaint/complaint.ts';
import { missingIdentityFields } from '../domain/complaint/identity-check.ts';
import { readComplaintText } from '../domain/complaint/read-complaint-text.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import { stripQuotedReply } from '../mail/parse/strip-quoted-reply.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { threadedUnder } from './reply-threading.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord } from './ports/store.ts';
import { queueAutomaticMail } from './queue-automatic-mail.ts';
import { claim, decideOnce, intakeResult } from './record-decision.ts';
import {
  attachmentsForEvent,
  attachmentsForMail,
  planAttachments,
  storeAttachments,
} from './store-attachments.ts';

/**
 * A citizen's follow-up, appended to their complaint: the words they added (the quoted mail
 * stripped) and their attachments, as a `complaint.follow_up` event. Identity they now give (the
 * NIK the acknowledgement asked for) fills the complainant's gaps — only when the sender is the
 * complainant, and never overwriting. If attachments were kept out, the citizen is told.
 */
export async function appendFollowUp(
  record: InboundMessageRecord,
  channel: Channel,
  message: InboundMessage,
  target: { complaint: Complaint; via: 'reply' | 'tracking-number'; senderIsComplainant: boolean },
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const { complaint, via, senderIsComplainant } = target;
  const at = deps.clock();
  const from = message.from?.address ?? null;
  const text = stripQuotedReply(message.text);
  const planned = planAttachments(message.attachments, deps.intake.maxAttachmentBytes);
  const given: ComplainantIdentity = senderIsComplainant
    ? readComplaintText({ subject: message.subject, text, senderName: message.from?.name || undefined })
        .identity
    : {};
  const reason = senderIsComplainant
    ? `follow-up to ${complaint.trackingNumber} (${via === 'reply' ? 'reply to our mail' : 'tracking number in the subject'})`
    : `follow-up to ${complaint.trackingNumber} by reply to our mail, from ${from ?? 'an unknown sender'}, who is not the complainant`;

  return decideOnce(record, channel, deps, async (repos) => {
    await claim(repos, record, { status: 'appended', complaintId: complaint.id, reason, fromAddress: from });
    const stored = await storeAttachments(repos, planned, {
      inboundMessageId: record.id,
      complaintId: complaint.id,
      at,
    });
    const { identity, added } = await repos.complaints.completeIdentity(complaint.id, given);
    const event = (type: string, data: Record<string, unknown>, actor = 'system') =>
      repos.events.append({ complaintId: complaint.id, at, actor, type, data });
    await event(
      'complaint.follow_up',
      {
        inboundId: record.id,
        via,
        from,
        senderIsComplainant,
        subject: message.subject,
        text,
        attachments: attachmentsForEvent(stored),
      },
      'citizen',
    );
    if (added.length) await event('identity.completed', { inboundId: record.id, fields: added });

    const { attachments, omitted } = attachmentsForMail(stored, deps.intake.maxAttachmentBytes);
    const replyTo = (message.replyTo ?? message.from)?.address;
    if (omitted.length && senderIsComplainant && replyTo) {
      const mail = deps.renderMail('tambahan-diterima', deps.office.language, {
        trackingNumber: complaint.trackingNumber,
        name: complaint.anonymous ? null : (identity.name ?? null),
        attachments,
        omitted,
        maxAttachmentBytes: deps.intake.maxAttachmentBytes,
        officeName: deps.office.name,
      });
      await queueAutomaticMail(
        repos,
        {
          kind: 'notice',
          complaintId: complaint.id,
          mail: {
            dedupeKey: `follow-up-notice:${record.id}`,
            to: replyTo,
            subject: mail.subject,
            text: mail.text,
            ...threadedUnder(message),
            headers: {
              'Auto-Submitted': 'auto-replied',
              'X-Aduan-Tracking': complaint.trackingNumber,
              'X-Aduan-Kind': 'notice',
            },
            complaintId: complaint.id,
          },
        },
        at,
        deps,
      );
    }
    return intakeResult(record, channel, {
      outcome: 'appended',
      reason,
      tracking: complaint.trackingNumber,
      identity,
      missing: missingIdentityFields(identity),
      confidential: complaint.confidential,
    });
  });
}
