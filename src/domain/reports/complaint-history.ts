import type { Channel, ComplaintType } from '../complaint/complaint.ts';

/**
 * A complaint as the reports read it: the facts fixed at registration, from the complaints table,
 * and its handling replayed from the audit trail up to the report's cut-off. Replaying the trail
 * (rather than reading the tasks' current columns) is what makes a report for a past day or month
 * come out the same whenever it is made, and agree with the register.
 */
export interface ReportComplaint {
  id: string;
  trackingNumber: string;
  agendaNumber: string | null;
  channel: Channel;
  type: ComplaintType;
  category: string | null;
  subject: string;
  body: string;
  anonymous: boolean;
  confidential: boolean;
  receivedAt: Date;
  registeredAt: Date;
  /** The OPD it is with now: the fallback for trails written before complaint.unit_assigned existed. */
  opdUnitCode: string | null;
  /** Null when withheld (rahasia/anonim: the query never reads it) or unknown. */
  complainantName: string | null;
}

/**
 * A trail line the reports replay: when (epoch milliseconds), its type and its data. A tuple of a
 * number rather than an object with a Date: a month's recap replays two million of them.
 */
export type ReportEvent = readonly [at: number, type: string, data: Record<string, unknown>];

/** The event types `replayComplaint` reads: the query fetches only these. */
export const REPORTED_EVENT_TYPES = [
  'task.opened',
  'task.completed',
  'task.extended',
  'complaint.unit_assigned',
  'complaint.closed',
  'complaint.auto_closed',
] as const;

export interface TaskRecord {
  id: string;
  stepId: string;
  role: string;
  /** The unit holding it: Diskominfo's code, or the OPD's the complaint was with when it opened. */
  unitCode: string | null;
  openedAt: Date;
  /** The due time in force (after any extension). */
  dueAt: Date;
  closedAt: Date | null;
  action: string | null;
}

export type ReportedStatus = 'registered' | 'in_progress' | 'answered' | 'closed' | 'rejected';

export interface ComplaintHistory {
  complaint: ReportComplaint;
  tasks: TaskRecord[];
  /** The OPD it was with at the cut-off, if any. */
  unitCode: string | null;
  status: ReportedStatus;
  /** When the SOP's path ended (answered, rejected or finished), and how. */
  finishedAt: Date | null;
  outcome: string | null;
}

/**
 * The complaint's handling as it stood at `until`, from its trail. `unitOfRole` says whether a role
 * works in Diskominfo (its unit code) or in the OPD ('opd').
 */
export function replayComplaint(
  complaint: ReportComplaint,
  events: readonly ReportEvent[],
  until: Date,
  unitOfRole: (role: string) => string | 'opd' | null,
): ComplaintHistory {
  const tasks = new Map<string, TaskRecord>();
  let unitCode: string | null = null;
  let unitKnownFromTrail = false;
  let finishedAt: Date | null = null;
  let outcome: string | null = null;
  let autoClosed = false;
  const untilMs = until.getTime();
  for (const [at, type, data] of events) {
    if (at > untilMs) continue;
    switch (type) {
      case 'complaint.unit_assigned':
        unitCode = typeof data.unitCode === 'string' ? data.unitCode : null;
        unitKnownFromTrail = true;
        break;
      case 'task.opened': {
        const role = String(data.role);
        const unit = unitOfRole(role);
        const opd = unitKnownFromTrail ? unitCode : complaint.opdUnitCode;
        tasks.set(String(data.taskId), {
          id: String(data.taskId),
          stepId: String(data.stepId),
          role,
          unitCode: unit === 'opd' ? opd : unit,
          openedAt: new Date(at),
          dueAt: new Date(String(data.dueAt)),
          closedAt: null,
          action: null,
        });
        break;
      }
      case 'task.completed': {
        const task = tasks.get(String(data.taskId));
        if (task && !task.closedAt) {
          task.closedAt = new Date(at);
          task.action = typeof data.action === 'string' ? data.action : null;
        }
        break;
      }
      case 'task.extended': {
        const task = tasks.get(String(data.taskId));
        if (task) task.dueAt = new Date(String(data.dueAt));
        break;
      }
      case 'complaint.closed':
        finishedAt = new Date(at);
        outcome = typeof data.outcome === 'string' ? data.outcome : null;
        break;
      case 'complaint.auto_closed':
        autoClosed = true;
        break;
    }
  }
  const list = [...tasks.values()];
  const anyOpen = list.some((task) => !task.closedAt);
  const status: ReportedStatus =
    outcome === 'ditolak'
      ? 'rejected'
      : outcome === 'dijawab'
        ? autoClosed
          ? 'closed'
          : 'answered'
        : outcome
          ? 'closed'
          : anyOpen && list.some((task) => task.closedAt)
            ? 'in_progress'
            : 'registered';
  return {
    complaint,
    tasks: list,
    unitCode: unitKnownFromTrail ? unitCode : complaint.opdUnitCode,
    status,
    finishedAt,
    outcome,
  };
}

/** The tasks still open at the cut-off. */
export function openTasks(history: ComplaintHistory): TaskRecord[] {
  return history.finishedAt ? [] : history.tasks.filter((task) => !task.closedAt);
}
