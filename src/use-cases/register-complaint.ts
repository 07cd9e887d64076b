import { missingIdentityFields } from '../domain/complaint/identity-check.ts';
import { formatTrackingNumber, trackingSequenceName } from '../domain/complaint/tracking-number.ts';
import { localParts } from '../domain/calendar/zoned-time.ts';
import { startComplaint } from '../domain/sop/transition.ts';
import { acknowledgementMail } from './acknowledgement-mail.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import type { ComplaintIntake } from './prepare-complaint.ts';
import { queueAutomaticMail } from './queue-automatic-mail.ts';
import { claim, decideOnce, intakeResult } from './record-decision.ts';
import { attachmentsForEvent, storeAttachments } from './store-attachments.ts';

/**
 * Registers a new complaint: tracking number, its attachments, the first SOP task with its due
 * time, the audit events and the acknowledgement in the outbox — one transaction, so a crash leaves
 * all of it or none. The mail itself is sent after commit by the outbox sweep.
 */
export async function registerComplaint(input: ComplaintIntake, deps: IntakeDeps): Promise<IntakeResult> {
  const now = deps.clock();
  const { record, message, channel, facts } = input;
  const started = startComplaint(deps.sop, { now, calendar: deps.calendar, channel });
  const missing = missingIdentityFields(facts.identity);

  return decideOnce(record, channel, deps, async (repos) => {
    const local = localParts(record.receivedAt, deps.office.timeZone);
    const sequence = await repos.sequences.next(trackingSequenceName(deps.office.trackingPattern, local));
    const trackingNumber = formatTrackingNumber(deps.office.trackingPattern, { ...local, sequence });

    const complaint = await repos.complaints.create({
      trackingNumber,
      channel,
      type: facts.type,
      category: input.category,
      subject: input.subject,
      body: input.body,
      anonymous: facts.anonymous,
      confidential: facts.confidential,
      sopId: deps.sop.id,
      currentStepId: started.state.stepId,
      receivedAt: record.receivedAt,
      registeredAt: now,
      identity: facts.identity,
      sourceMessageId: record.id,
      needsTranscription: input.needsTranscription,
    });
    // If another run registered this message first, everything here rolls back, tracking number included.
    await claim(repos, record, {
      status: 'registered',
      complaintId: complaint.id,
      fromAddress: message.from?.address ?? null,
    });
    const stored = await storeAttachments(repos, input.attachments, {
      inboundMessageId: record.id,
      complaintId: complaint.id,
      at: now,
    });
    const event = (type: string, data: Record<string, unknown>) =>
      repos.events.append({ complaintId: complaint.id, at: now, actor: 'system', type, data });

    await event('complaint.registered', {
      trackingNumber,
      inboundId: record.id,
      channel,
      type: facts.type,
      category: input.category,
      suggestedUnit: input.suggestedUnit,
      identityMissing: missing,
      sop: deps.sop.id,
      ...(stored.length ? { attachments: attachmentsForEvent(stored) } : {}),
      ...(input.fax ? { fax: input.fax } : {}),
    });
    for (const note of input.notes) await event('complaint.note', { ...note, inboundId: record.id });
    if (input.needsTranscription) {
      await event('complaint.needs_transcription', {
        reasons: input.fax?.notes ?? [],
        confidence: input.fax?.confidence ?? null,
        pages: input.fax?.pages ?? 0,
      });
    }

    let firstDue: Date | null = null;
    for (const effect of started.effects) {
      if (effect.kind !== 'open-task') continue;
      const task = await repos.tasks.create({
        complaintId: complaint.id,
        stepId: effect.stepId,
        role: effect.role,
        createdAt: now,
        dueAt: effect.dueAt,
      });
      firstDue ??= effect.dueAt;
      await event('task.opened', {
        taskId: task.id,
        stepId: effect.stepId,
        role: effect.role,
        dueAt: effect.dueAt.toISOString(),
      });
    }

    const route = input.acknowledgeTo;
    const acknowledgement = {
      complaintId: complaint.id,
      trackingNumber,
      channel,
      name: facts.anonymous ? null : (facts.identity.name ?? null),
      subject: input.subject,
      receivedAt: record.receivedAt,
      firstDue,
      missing,
      stored,
      needsTranscription: input.needsTranscription,
      inReplyTo: message.messageId,
      references: message.references,
    };
    if (route) {
      await queueAutomaticMail(
        repos,
        acknowledgementMail({ ...acknowledgement, route }, deps),
        { kind: 'acknowledgement', complaintId: complaint.id, at: now },
        deps,
      );
    } else if (channel === 'fax') {
      // No fax number or address to answer on: the operator acknowledges by phone or letter.
      const draft = acknowledgementMail({ ...acknowledgement, route: { via: 'fax', address: '' } }, deps);
      await event('acknowledgement.pending', {
        reason: 'no fax number or e-mail address to answer on; acknowledge by phone or letter',
        phone: facts.identity.phone ?? null,
        subject: draft.subject,
        text: draft.text,
      });
    } else {
      await event('acknowledgement.skipped', { reason: 'no return address' });
    }

    return intakeResult(record, channel, {
      outcome: 'registered',
      reason: input.notes.map((note) => note.text).join(' ') || null,
      tracking: trackingNumber,
      identity: facts.identity,
      missing,
      confidential: facts.confidential,
    });
  });
}
