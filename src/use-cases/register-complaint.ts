import { missingIdentityFields, type MissingIdentity } from '../domain/complaint/identity-check.ts';
import { formatTrackingNumber, trackingSequenceName } from '../domain/complaint/tracking-number.ts';
import { localParts } from '../domain/calendar/zoned-time.ts';
import { startComplaint } from '../domain/sop/transition.ts';
import { acknowledgementMail } from './acknowledgement-mail.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import type { Repositories, StoredAttachment } from './ports/store.ts';
import type { ComplaintIntake } from './prepare-complaint.ts';
import { queueAutomaticMails, type AutomaticMail, type NewEvent } from './queue-automatic-mail.ts';
import { queueTaskMails } from './queue-task-mails.ts';
import { AlreadyDecided, decideOnce, intakeResult, logDecided } from './record-decision.ts';
import { attachmentsForEvent, storeAttachments } from './store-attachments.ts';
import { formatDocumentNumber, numberSequenceName } from '../domain/documents/document-number.ts';

/**
 * Registers new complaints: tracking numbers, attachments, the first SOP task with its due time,
 * the audit events and the acknowledgements in the outbox — one transaction for the whole batch
 * (an IMAP chunk), so a crash leaves all of it or none, and a batch costs about ten statements
 * rather than ten per complaint. The mails are sent after commit by the outbox sweep.
 * Throws AlreadyDecided, rolling everything back, when another run decided one of the messages;
 * the caller then registers them one at a time (registerComplaint).
 */
export async function registerComplaints(
  inputs: readonly ComplaintIntake[],
  deps: IntakeDeps,
): Promise<IntakeResult[]> {
  const results = await deps.store.transaction((repos) => writeComplaints(repos, inputs, deps));
  for (const result of results) logDecided(result, deps);
  return results;
}

/** One complaint; if another run decided its message first, reports that decision. */
export function registerComplaint(input: ComplaintIntake, deps: IntakeDeps): Promise<IntakeResult> {
  return decideOnce(input.record, input.channel, deps, async (repos) => {
    const [result] = await writeComplaints(repos, [input], deps);
    return result!;
  });
}

/** Everything one complaint's registration writes, planned before the writes are batched. */
interface Registration {
  input: ComplaintIntake;
  started: ReturnType<typeof startComplaint>;
  missing: MissingIdentity[];
  trackingNumber: string;
  agendaNumber: string;
}

async function writeComplaints(
  repos: Repositories,
  inputs: readonly ComplaintIntake[],
  deps: IntakeDeps,
): Promise<IntakeResult[]> {
  const now = deps.clock();
  const registrations = await numbered(repos, inputs, deps, now);

  const complaints = await repos.complaints.createMany(
    registrations.map(({ input, started, trackingNumber, agendaNumber }) => ({
      trackingNumber,
      agendaNumber,
      channel: input.channel,
      type: input.facts.type,
      category: input.category,
      subject: input.subject,
      body: input.body,
      anonymous: input.facts.anonymous,
      confidential: input.facts.confidential,
      sopId: deps.sop.id,
      currentStepId: started.state.stepId,
      receivedAt: input.record.receivedAt,
      registeredAt: now,
      identity: input.facts.identity,
      sourceMessageId: input.record.id,
      needsTranscription: input.needsTranscription,
    })),
  );
  // If another run registered one of these messages first, everything here rolls back, tracking
  // numbers included.
  const decided = await repos.inbound.decideMany(
    registrations.map(({ input }, n) => ({
      id: input.record.id,
      status: 'registered' as const,
      complaintId: complaints[n]!.id,
      fromAddress: input.message.from?.address ?? null,
    })),
  );
  if (decided.length !== registrations.length) throw new AlreadyDecided();

  const stored: StoredAttachment[][] = [];
  for (const [n, { input }] of registrations.entries()) {
    stored.push(
      await storeAttachments(repos, input.attachments, {
        inboundMessageId: input.record.id,
        complaintId: complaints[n]!.id,
        at: now,
      }),
    );
  }

  const openTasks = registrations.flatMap(({ started }, n) =>
    started.effects.flatMap((effect) =>
      effect.kind === 'open-task'
        ? [
            {
              complaintId: complaints[n]!.id,
              stepId: effect.stepId,
              role: effect.role,
              createdAt: now,
              dueAt: effect.dueAt,
            },
          ]
        : [],
    ),
  );
  const tasksOf = Map.groupBy(await repos.tasks.createMany(openTasks), (task) => task.complaintId);

  // Each complaint's events stay together, in order; the acknowledgement's come last.
  const eventsOf: NewEvent[][] = [];
  const acknowledgements: { complaint: number; item: AutomaticMail }[] = [];
  for (const [n, { input, missing, trackingNumber }] of registrations.entries()) {
    const complaintId = complaints[n]!.id;
    const mine = tasksOf.get(complaintId) ?? [];
    const firstDue = mine[0]?.dueAt ?? null;
    const facts = {
      complaintId,
      trackingNumber,
      channel: input.channel,
      name: input.facts.anonymous ? null : (input.facts.identity.name ?? null),
      subject: input.subject,
      receivedAt: input.record.receivedAt,
      firstDue,
      missing,
      stored: stored[n]!,
      needsTranscription: input.needsTranscription,
      inReplyTo: input.message.messageId,
      references: input.message.references,
    };
    const own: NewEvent[] = [];
    const event = (type: string, data: Record<string, unknown>) =>
      own.push({ complaintId, at: now, actor: 'system', type, data });
    event('complaint.registered', {
      trackingNumber,
      inboundId: input.record.id,
      channel: input.channel,
      type: input.facts.type,
      category: input.category,
      suggestedUnit: input.suggestedUnit,
      identityMissing: missing,
      sop: deps.sop.id,
      ...(stored[n]!.length ? { attachments: attachmentsForEvent(stored[n]!) } : {}),
      ...(input.fax ? { fax: input.fax } : {}),
    });
    for (const note of input.notes) event('complaint.note', { ...note, inboundId: input.record.id });
    if (input.needsTranscription) {
      event('complaint.needs_transcription', {
        reasons: input.fax?.notes ?? [],
        confidence: input.fax?.confidence ?? null,
        pages: input.fax?.pages ?? 0,
      });
    }
    for (const task of mine) {
      event('task.opened', {
        taskId: task.id,
        stepId: task.stepId,
        role: task.role,
        dueAt: task.dueAt.toISOString(),
      });
    }

    const route = input.acknowledgeTo;
    if (route) {
      const mail = acknowledgementMail({ ...facts, route }, deps);
      acknowledgements.push({ complaint: n, item: { mail, kind: 'acknowledgement', complaintId } });
    } else if (input.channel === 'fax') {
      // No fax number or address to answer on: the operator acknowledges by phone or letter.
      const draft = acknowledgementMail({ ...facts, route: { via: 'fax', address: '' } }, deps);
      event('acknowledgement.pending', {
        reason: 'no fax number or e-mail address to answer on; acknowledge by phone or letter',
        phone: input.facts.identity.phone ?? null,
        subject: draft.subject,
        text: draft.text,
      });
    } else {
      event('acknowledgement.skipped', { reason: 'no return address' });
    }
    eventsOf.push(own);
  }

  const queued = await queueAutomaticMails(
    repos,
    acknowledgements.map((a) => a.item),
    now,
    deps,
  );
  for (const [k, { complaint }] of acknowledgements.entries())
    eventsOf[complaint]!.push(...queued[k]!.events);

  // The first step's task goes to whoever holds its role (the admin, in every preset).
  const taskEvents = await queueTaskMails(
    repos,
    registrations.flatMap(({ input, missing, trackingNumber }, n) =>
      (tasksOf.get(complaints[n]!.id) ?? []).map((task) => ({
        task,
        complaint: {
          id: complaints[n]!.id,
          trackingNumber,
          subject: input.subject,
          body: input.body,
          type: input.facts.type,
          category: input.category,
          suggestedUnit: input.suggestedUnit,
          receivedAt: input.record.receivedAt,
          channel: input.channel,
          anonymous: input.facts.anonymous,
          confidential: input.facts.confidential,
          identity: input.facts.identity,
          missing,
          opdUnitCode: null,
          attachments: stored[n]!,
          documents: [],
        },
      })),
    ),
    now,
    deps,
  );
  const complaintIndex = new Map(complaints.map((complaint, n) => [complaint.id, n]));
  for (const event of taskEvents) eventsOf[complaintIndex.get(event.complaintId!)!]!.push(event);
  await repos.events.appendMany(eventsOf.flat());

  return registrations.map(({ input, missing, trackingNumber }) =>
    intakeResult(input.record, input.channel, {
      outcome: 'registered',
      reason: input.notes.map((note) => note.text).join(' ') || null,
      tracking: trackingNumber,
      identity: input.facts.identity,
      missing,
      confidential: input.facts.confidential,
    }),
  );
}

/** Tracking numbers in arrival order, one sequence statement per year (or pattern period). */
async function numbered(
  repos: Repositories,
  inputs: readonly ComplaintIntake[],
  deps: IntakeDeps,
  now: Date,
): Promise<Registration[]> {
  const { trackingPattern, timeZone } = deps.office;
  const local = inputs.map((input) => localParts(input.record.receivedAt, timeZone));
  const names = local.map((parts) => trackingSequenceName(trackingPattern, parts));
  // The incoming register's nomor agenda restarts with the year of registration.
  const registered = localParts(now, timeZone);
  const agenda = numberSequenceName('agenda', 'register', registered.year);
  const next = new Map<string, number>();
  for (const name of new Set(names)) {
    next.set(name, await repos.sequences.take(name, names.filter((n) => n === name).length));
  }
  const firstAgenda = await repos.sequences.take(agenda, inputs.length);
  return inputs.map((input, n) => {
    const sequence = next.get(names[n]!)!;
    next.set(names[n]!, sequence + 1);
    return {
      input,
      started: startComplaint(deps.sop, { now, calendar: deps.calendar, channel: input.channel }),
      missing: missingIdentityFields(input.facts.identity),
      trackingNumber: formatTrackingNumber(trackingPattern, { ...local[n]!, sequence }),
      agendaNumber: formatDocumentNumber(deps.documents.numbering.agenda, {
        klasifikasi: deps.documents.klasifikasi,
        urut: firstAgenda + n,
        unit: deps.documents.agendaUnit,
        year: registered.year,
        month: registered.month,
      }),
    };
  });
}
