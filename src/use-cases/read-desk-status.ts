import type { ComplaintStatus } from '../domain/complaint/complaint.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { findStep, roleTitle, type SopDefinition } from '../domain/sop/sop-definition.ts';
import type { Store } from './ports/store.ts';

export interface StepLoad {
  /** Null for complaints that wait at no step (answered, awaiting the citizen). */
  stepNo: number | null;
  stepName: string;
  actor: string | null;
  status: ComplaintStatus;
  complaints: number;
}

export interface OverdueTask {
  trackingNumber: string;
  stepNo: number | null;
  stepName: string;
  actor: string;
  /** The OPD the complaint went to, if it has. */
  unitCode: string | null;
  dueAt: Date;
  /** Working minutes past the due time: what the SOP's time standards count in. */
  overdueWorkingMinutes: number;
}

export interface DeskStatus {
  at: Date;
  byStep: StepLoad[];
  openTasks: number;
  overdueTasks: number;
  /** The longest overdue first, at most the limit asked for. */
  overdue: OverdueTask[];
  outbox: { pending: number; failed: number; oldestPendingAt: Date | null };
}

/** What `aduan status` shows: where the open complaints wait, and what is late. */
export async function readDeskStatus(
  deps: { store: Store; sop: SopDefinition; calendar: WorkingCalendar; clock: () => Date },
  overdueLimit = 20,
): Promise<DeskStatus> {
  const { repos } = deps.store;
  const now = deps.clock();
  const [groups, tasks, outbox, late] = await Promise.all([
    repos.figures.openComplaintsByStep(),
    repos.figures.tasks(now),
    repos.figures.outbox(),
    repos.tasks.listOpen({ dueBefore: now, limit: overdueLimit }),
  ]);
  const byStep = groups
    .map((group): StepLoad => {
      const step = group.stepId ? findStep(deps.sop, group.stepId) : undefined;
      return {
        stepNo: step?.no ?? null,
        stepName:
          step?.name ?? group.stepId ?? (group.status === 'answered' ? 'Menunggu tanggapan pelapor' : '-'),
        actor: step ? roleTitle(deps.sop, step.actor) : null,
        status: group.status,
        complaints: group.count,
      };
    })
    .sort((a, b) => (a.stepNo ?? Infinity) - (b.stepNo ?? Infinity) || a.status.localeCompare(b.status));
  const overdue: OverdueTask[] = [];
  for (const task of late) {
    const complaint = await repos.complaints.findById(task.complaintId);
    const step = findStep(deps.sop, task.stepId);
    overdue.push({
      trackingNumber: complaint?.trackingNumber ?? task.complaintId,
      stepNo: step?.no ?? null,
      stepName: step?.name ?? task.stepId,
      actor: roleTitle(deps.sop, task.role),
      unitCode: complaint?.opdUnitCode ?? null,
      dueAt: task.dueAt,
      overdueWorkingMinutes: Math.round(deps.calendar.workingMinutesBetween(task.dueAt, now)),
    });
  }
  return { at: now, byStep, openTasks: tasks.open, overdueTasks: tasks.overdue, overdue, outbox };
}
