import type { Channel } from '../domain/complaint/complaint.ts';
import { missingIdentityFields, type IdentityField } from '../domain/complaint/identity-check.ts';
import type { ComplaintTextFacts } from '../domain/complaint/read-complaint-text.ts';
import { faxNumberIn } from '../domain/complaint/fax-number.ts';
import { formatTrackingNumber, trackingSequenceName } from '../domain/complaint/tracking-number.ts';
import { formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { localParts } from '../domain/calendar/zoned-time.ts';
import type { SopDefinition } from '../domain/sop/sop-definition.ts';
import { startComplaint } from '../domain/sop/transition.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import type { Logger } from './ports/logger.ts';
import type { RenderMail } from './ports/mail-templates.ts';
import type { InboundMessageRecord, OutgoingMail, Repositories, Store } from './ports/store.ts';

export interface OfficeSettings {
  name: string;
  timeZone: string;
  language: 'id' | 'en';
  /** The desk's address: acknowledgements come from it and citizens reply to it. */
  address: string;
  trackingPattern: string;
  /** Fax gateway address with {nomor}, to answer a fax by fax. */
  faxReplyAddress: string;
}

export interface RegistrationDeps {
  store: Store;
  clock: () => Date;
  sop: SopDefinition;
  calendar: WorkingCalendar;
  office: OfficeSettings;
  renderMail: RenderMail;
  log: Logger;
}

interface RegistrationInput {
  record: InboundMessageRecord;
  message: InboundMessage;
  channel: Channel;
  facts: ComplaintTextFacts;
  category: string | null;
  suggestedUnit: string | null;
}

/**
 * Registers a new complaint: tracking number, the first SOP task with its due time, the audit events
 * and the acknowledgement in the outbox — one transaction, so a crash leaves all of it or none.
 */
export async function registerComplaint(
  input: RegistrationInput,
  deps: RegistrationDeps,
): Promise<{ outcome: 'registered' | 'duplicate'; reason: string | null; trackingNumber: string | null }> {
  const now = deps.clock();
  const { record, message, channel, facts } = input;
  const started = startComplaint(deps.sop, { now, calendar: deps.calendar, channel });
  const missing = missingIdentityFields(facts.identity);

  const result = await deps.store
    .transaction(async (repos) => {
      const local = localParts(record.receivedAt, deps.office.timeZone);
      const sequence = await repos.sequences.next(trackingSequenceName(deps.office.trackingPattern, local));
      const trackingNumber = formatTrackingNumber(deps.office.trackingPattern, { ...local, sequence });

      const complaint = await repos.complaints.create({
        trackingNumber,
        channel,
        type: facts.type,
        category: input.category,
        subject: message.subject || firstLine(message.text) || '(tanpa perihal)',
        body: message.text,
        anonymous: facts.anonymous,
        confidential: facts.confidential,
        sopId: deps.sop.id,
        currentStepId: started.state.stepId,
        receivedAt: record.receivedAt,
        registeredAt: now,
        identity: facts.identity,
        sourceMessageId: record.id,
      });
      // The conditional update decides once: if another run registered this message first, roll back
      // everything here, tracking number included, so no number is skipped.
      if (!(await repos.inbound.decide(record.id, { status: 'registered', complaintId: complaint.id }))) {
        throw new AlreadyDecided();
      }
      await repos.events.append({
        complaintId: complaint.id,
        at: now,
        actor: 'system',
        type: 'complaint.registered',
        data: {
          trackingNumber,
          inboundId: record.id,
          channel,
          type: facts.type,
          category: input.category,
          suggestedUnit: input.suggestedUnit,
          identityMissing: missing,
          sop: deps.sop.id,
        },
      });

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
        await repos.events.append({
          complaintId: complaint.id,
          at: now,
          actor: 'system',
          type: 'task.opened',
          data: {
            taskId: task.id,
            stepId: effect.stepId,
            role: effect.role,
            dueAt: effect.dueAt.toISOString(),
          },
        });
      }

      const acknowledgement = acknowledgementMail(
        { trackingNumber, complaintId: complaint.id, missing, firstDue },
        input,
        deps,
      );
      if (acknowledgement) {
        await repos.outbox.enqueue(acknowledgement, now);
        await logQueued(repos, complaint.id, now, acknowledgement);
      } else {
        await repos.events.append({
          complaintId: complaint.id,
          at: now,
          actor: 'system',
          type: 'acknowledgement.skipped',
          data: { reason: 'no return address or fax number' },
        });
      }
      return { outcome: 'registered' as const, reason: null, trackingNumber };
    })
    .catch((error: unknown) => {
      if (error instanceof AlreadyDecided)
        return { outcome: 'duplicate' as const, reason: 'registered by another run', trackingNumber: null };
      throw error;
    });

  deps.log.info(
    { inboundId: record.id, tracking: result.trackingNumber, outcome: result.outcome },
    `complaint ${result.outcome}`,
  );
  return result;
}

class AlreadyDecided extends Error {}

function acknowledgementMail(
  registered: {
    trackingNumber: string;
    complaintId: string;
    missing: IdentityField[];
    firstDue: Date | null;
  },
  input: RegistrationInput,
  deps: RegistrationDeps,
): OutgoingMail | null {
  const to = returnAddress(input, deps.office);
  if (!to) return null;
  const { office } = deps;
  const mail = deps.renderMail('tanda-terima', office.language, {
    trackingNumber: registered.trackingNumber,
    name: input.facts.anonymous ? null : (input.facts.identity.name ?? null),
    subject: input.message.subject || firstLine(input.message.text) || '(tanpa perihal)',
    receivedAt: formatTanggalWaktu(input.record.receivedAt, office.timeZone, { lang: office.language }),
    firstDue: registered.firstDue
      ? formatTanggalWaktu(registered.firstDue, office.timeZone, { lang: office.language })
      : null,
    channel: input.channel,
    missing: registered.missing,
    officeName: office.name,
    sopName: deps.sop.name,
  });
  return {
    dedupeKey: `acknowledgement:${registered.complaintId}`,
    to,
    subject: mail.subject,
    text: mail.text,
    inReplyTo: input.message.messageId,
    references: input.message.messageId
      ? [...input.message.references, input.message.messageId]
      : input.message.references,
    // RFC 3834: marks the acknowledgement as automatic so well-behaved autoresponders don't answer it.
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Aduan-Tracking': registered.trackingNumber },
    complaintId: registered.complaintId,
  };
}

/** The citizen's own channel: their mail address, or the fax gateway for their fax number. */
function returnAddress(input: RegistrationInput, office: OfficeSettings): string | null {
  if (input.channel === 'email') return (input.message.replyTo ?? input.message.from)?.address ?? null;
  const faxNumber = faxNumberIn(`${input.message.subject}\n${input.message.text}`);
  return faxNumber ? office.faxReplyAddress.replace('{nomor}', faxNumber) : null;
}

async function logQueued(
  repos: Repositories,
  complaintId: string,
  at: Date,
  mail: OutgoingMail,
): Promise<void> {
  await repos.events.append({
    complaintId,
    at,
    actor: 'system',
    type: 'mail.queued',
    data: { dedupeKey: mail.dedupeKey, subject: mail.subject },
  });
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 120);
}
