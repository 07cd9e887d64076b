import { formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import type { Channel, Complaint } from '../domain/complaint/complaint.ts';
import { parseReplyCommand } from '../domain/commands/reply-command.ts';
import { findStep } from '../domain/sop/sop-definition.ts';
import { simulateSop } from '../domain/sop/simulate.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import { stripQuotedReply } from '../mail/parse/strip-quoted-reply.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { threadedUnder } from './reply-threading.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord } from './ports/store.ts';
import { queueAutomaticMail } from './queue-automatic-mail.ts';
import { claim, decideOnce, intakeResult } from './record-decision.ts';

const STATUS_WORDS: Record<Complaint['status'], { id: string; en: string }> = {
  registered: { id: 'telah kami terima dan catat', en: 'has been received and registered' },
  in_progress: { id: 'sedang ditindaklanjuti', en: 'is being handled' },
  answered: { id: 'telah dijawab', en: 'has been answered' },
  rejected: { id: 'tidak dapat ditindaklanjuti', en: 'could not be taken further' },
  closed: { id: 'telah selesai', en: 'is closed' },
};

/** "STATUS ADU-…" as the subject, or STATUS on the first line of the citizen's own words. */
export function isStatusRequest(message: InboundMessage): boolean {
  const asked = (text: string) => {
    const parsed = parseReplyCommand(text);
    return parsed.ok && parsed.command.kind === 'status';
  };
  return (
    asked(message.subject.replace(/^(?:re|aw|fwd?|balas)\s*:\s*/i, '')) ||
    asked(stripQuotedReply(message.text))
  );
}

/**
 * A complainant asks where their complaint stands: answered by return with its state, the stage it
 * is at and the expected answer date — to the complainant only (the caller checked the sender), by
 * the automatic-mail rules (no loops, at most N an hour). Recorded as a command of the citizen.
 */
export async function answerStatusRequest(
  record: InboundMessageRecord,
  channel: Channel,
  message: InboundMessage,
  complaint: Complaint,
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const now = deps.clock();
  const from = message.from?.address ?? null;
  const when = (at: Date) => formatTanggalWaktu(at, deps.office.timeZone, { lang: deps.office.language });
  const [task] = await deps.store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 1 });
  const step = task ? findStep(deps.sop, task.stepId) : undefined;
  const open = complaint.status === 'registered' || complaint.status === 'in_progress';
  const identity = await deps.store.repos.complaints.identityOf(complaint.id);
  const rendered = deps.renderMail('status', deps.office.language, {
    trackingNumber: complaint.trackingNumber,
    name: complaint.anonymous ? null : (identity.name ?? null),
    subject: complaint.subject,
    receivedAt: when(complaint.receivedAt),
    statusText: STATUS_WORDS[complaint.status][deps.office.language],
    step: open && step ? step.name : null,
    due: open && task ? when(task.dueAt) : null,
    expectedAnswer: open
      ? when(simulateSop(deps.sop, { start: complaint.receivedAt, calendar: deps.calendar }).finalDueAt)
      : null,
    officeName: deps.office.name,
  });
  const reason = `status request for ${complaint.trackingNumber}`;
  return decideOnce(record, channel, deps, async (repos) => {
    await claim(repos, record, { status: 'command', complaintId: complaint.id, reason, fromAddress: from });
    const to = (message.replyTo ?? message.from)?.address;
    if (to) {
      await queueAutomaticMail(
        repos,
        {
          kind: 'notice',
          complaintId: complaint.id,
          mail: {
            dedupeKey: `status:${record.id}`,
            to,
            subject: rendered.subject,
            text: rendered.text,
            ...threadedUnder(message),
            headers: {
              'Auto-Submitted': 'auto-replied',
              'X-Aduan-Tracking': complaint.trackingNumber,
              'X-Aduan-Kind': 'status',
            },
            complaintId: complaint.id,
          },
        },
        now,
        deps,
      );
    }
    await repos.events.append({
      complaintId: complaint.id,
      at: now,
      actor: 'citizen',
      type: 'status.requested',
      data: { inboundId: record.id, from, status: complaint.status, stepId: task?.stepId ?? null },
    });
    return intakeResult(record, channel, {
      outcome: 'command',
      reason,
      tracking: complaint.trackingNumber,
      confidential: complaint.confidential,
    });
  });
}
