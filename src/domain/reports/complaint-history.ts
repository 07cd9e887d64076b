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
 * The trail lines the reports replay, by kind (the index), each with the data fields it carries.
 * Fields ending in `At` are times, in epoch milliseconds.
 */
export const REPORT_TRAIL_LINES = [
  ['task.opened', ['taskId', 'stepId', 'role', 'dueAt']],
  ['task.completed', ['taskId', 'action']],
  ['task.extended', ['taskId', 'dueAt']],
  ['complaint.unit_assigned', ['unitCode']],
  ['complaint.closed', ['outcome']],
  ['complaint.auto_closed', []],
] as const;
const [TASK_OPENED, TASK_COMPLETED, TASK_EXTENDED, UNIT_ASSIGNED, CLOSED, AUTO_CLOSED] = [0, 1, 2, 3, 4, 5];

/** The event types `replayComplaint` reads: the query fetches only these. */
export const REPORTED_EVENT_TYPES = REPORT_TRAIL_LINES.map(([type]) => type);

/**
 * A complaint's trail as the reports replay it, one flat array: each line is its time (epoch
 * milliseconds), its kind (an index of REPORT_TRAIL_LINES), then that kind's fields in order. Flat
 * because a month's recap replays two million lines: one array per complaint, no object per
 * line, costs a third of the parsing and a fraction of the garbage.
 */
export type ReportTrail = readonly (string | number | null)[];

/**
 * A trail from the audit trail's lines, in their order: `at` in epoch milliseconds, the event's
 * type and its data. Lines of other types are left out.
 */
export function reportTrail(
  lines: Iterable<readonly [at: number, type: string, data: Record<string, unknown>]>,
): ReportTrail {
  const trail: (string | number | null)[] = [];
  for (const [at, type, data] of lines) {
    const kind = KIND_OF_TYPE.get(type);
    if (kind === undefined) continue;
    trail.push(at, kind);
    for (const [field, isTime] of FIELDS_OF_KIND[kind]!) {
      const value = data[field];
      trail.push(
        value === undefined || value === null ? null : isTime ? Date.parse(String(value)) : String(value),
      );
    }
  }
  return trail;
}
const KIND_OF_TYPE = new Map<string, number>(REPORT_TRAIL_LINES.map(([type], kind) => [type, kind]));
const FIELDS_OF_KIND = REPORT_TRAIL_LINES.map(([, fields]) =>
  fields.map((field) => [field, field.endsWith('At')] as const),
);

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
  trail: ReportTrail,
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
  const text = (at: number) => (typeof trail[at] === 'string' ? (trail[at] as string) : null);
  for (let line = 0; line < trail.length;) {
    const at = trail[line] as number;
    const kind = trail[line + 1] as number;
    const field = line + 2; // the first of the kind's fields
    line = field + (REPORT_TRAIL_LINES[kind]?.[1].length ?? 0);
    if (at > untilMs) continue;
    switch (kind) {
      case UNIT_ASSIGNED:
        unitCode = text(field);
        unitKnownFromTrail = true;
        break;
      case TASK_OPENED: {
        const [id, stepId, role] = [String(trail[field]), String(trail[field + 1]), String(trail[field + 2])];
        const unit = unitOfRole(role);
        const opd = unitKnownFromTrail ? unitCode : complaint.opdUnitCode;
        tasks.set(id, {
          id,
          stepId,
          role,
          unitCode: unit === 'opd' ? opd : unit,
          openedAt: new Date(at),
          dueAt: new Date(trail[field + 3] as number),
          closedAt: null,
          action: null,
        });
        break;
      }
      case TASK_COMPLETED: {
        const task = tasks.get(String(trail[field]));
        if (task && !task.closedAt) {
          task.closedAt = new Date(at);
          task.action = text(field + 1);
        }
        break;
      }
      case TASK_EXTENDED: {
        const task = tasks.get(String(trail[field]));
        if (task) task.dueAt = new Date(trail[field + 1] as number);
        break;
      }
      case CLOSED:
        finishedAt = new Date(at);
        outcome = text(field);
        break;
      case AUTO_CLOSED:
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
