import type { ComplainantIdentity, Complaint, Task } from '../domain/complaint/complaint.ts';
import { withholdKnownIdentity } from '../domain/complaint/redact-identity.ts';
import { findStep, roleTitle, type SopDefinition } from '../domain/sop/sop-definition.ts';
import type { Store, StoredDocument } from './ports/store.ts';

/** Who asks, and whether they asked for the complainant's identity with a reason for the record. */
export type IdentityAccess = { show: false } | { show: true; reason: string; actor: string };

export interface TimelineEntry {
  at: Date;
  /** An audit event's type, or `mail` for a mail the desk queued. */
  what: string;
  /** Who did it: system, citizen, an official's address, an operator. */
  who: string;
  detail: string;
}

export interface ComplaintView {
  complaint: Complaint & { stepName: string | null };
  /** Null when withheld: every text below then has the complainant's known details replaced. */
  identity: ComplainantIdentity | null;
  tasks: (Task & { stepName: string; actor: string })[];
  documents: StoredDocument[];
  timeline: TimelineEntry[];
}

/** A reason shorter than this is not a reason ("x", "cek"). */
const MIN_REASON_LENGTH = 10;

export class IdentityReasonError extends Error {}

/**
 * One complaint as `aduan complaint show` prints it: its trail, its mails, documents and tasks with
 * their due times. The complainant's identity is personal data (UU 27/2022): withheld unless asked
 * for with a reason, and the asking is itself recorded in the complaint's audit trail.
 */
export async function showComplaint(
  trackingNumber: string,
  deps: { store: Store; sop: SopDefinition; clock: () => Date },
  access: IdentityAccess,
): Promise<ComplaintView | null> {
  const { repos } = deps.store;
  const complaint = await repos.complaints.findByTrackingNumber(trackingNumber.trim().toUpperCase());
  if (!complaint) return null;
  if (access.show) {
    if (access.reason.trim().length < MIN_REASON_LENGTH)
      throw new IdentityReasonError(
        `say why you need the complainant's identity (at least ${MIN_REASON_LENGTH} characters): it is recorded in the audit trail`,
      );
    await repos.events.append({
      complaintId: complaint.id,
      at: deps.clock(),
      actor: access.actor,
      type: 'identity.viewed',
      data: { reason: access.reason.trim(), via: 'aduan complaint show' },
    });
  }
  const [identity, events, mails, tasks, documents] = await Promise.all([
    repos.complaints.identityOf(complaint.id),
    repos.events.listForComplaint(complaint.id),
    repos.outbox.listForComplaint(complaint.id),
    repos.tasks.listForComplaint(complaint.id),
    repos.documents.listForComplaint(complaint.id),
  ]);
  const shown = (text: string) => (access.show ? text : withholdKnownIdentity(text, identity));
  const timeline: TimelineEntry[] = [
    ...events.map((event) => ({
      at: event.at,
      what: event.type,
      who: shown(event.actor),
      detail: shown(describeData(event.data)),
    })),
    ...mails.map((mail) => ({
      at: mail.createdAt,
      what: 'mail',
      who: 'system',
      detail: shown(
        `to ${mail.to}: "${mail.subject}" (${mail.status}${mail.sentAt ? ` ${mail.sentAt.toISOString()}` : ''}${mail.bouncedAt ? ', bounced' : ''})`,
      ),
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const step = complaint.currentStepId ? findStep(deps.sop, complaint.currentStepId) : undefined;
  return {
    complaint: {
      ...complaint,
      subject: shown(complaint.subject),
      body: shown(complaint.body),
      stepName: step ? `${step.no}. ${step.name}` : null,
    },
    identity: access.show ? identity : null,
    tasks: tasks.map((task) => {
      const taskStep = findStep(deps.sop, task.stepId);
      return {
        ...task,
        stepName: taskStep ? `${taskStep.no}. ${taskStep.name}` : task.stepId,
        actor: roleTitle(deps.sop, task.role),
      };
    }),
    documents,
    timeline,
  };
}

/** An event's data as `key=value` pairs on one line; nested values as JSON. */
function describeData(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}
