import { localDateKey } from '../calendar/zoned-time.ts';
import type { Channel, ComplaintType } from '../complaint/complaint.ts';
import { findStep } from '../sop/sop-definition.ts';
import { openTasks, type ComplaintHistory } from './complaint-history.ts';
import { reportedSubject, type ReportContext } from './report-context.ts';

/** One line of the monitoring tables: a unit or a step and its open work. */
export interface MonitoringRow {
  label: string;
  open: number;
  dueToday: number;
  overdue: number;
}

export interface AttentionItem {
  trackingNumber: string;
  subject: string;
  step: string;
  unit: string;
  /** The unit's code ("PUPR"): what a narrow column shows. */
  unitCode: string | null;
  dueAt: Date;
  overdue: boolean;
  /** Working minutes past the due time (0 when not yet due). */
  lateMinutes: number;
}

/**
 * Laporan monitoring permasalahan harian (Balangan SOP, "Pencatatan dan Pendataan"): the picture at
 * the report's instant (07:30 by default) — complaints received since the last working day's report,
 * complaints open, tasks due today, tasks overdue — per unit and per SOP step, and the tasks that
 * need attention today, the most urgent first.
 */
export interface DailyMonitoring {
  /** The local date it reports on, "2026-11-23". */
  date: string;
  at: Date;
  /** Received from this instant (the previous working day's report time) up to `at`. */
  since: Date;
  totals: { received: number; open: number; dueToday: number; overdue: number };
  byUnit: MonitoringRow[];
  byStep: MonitoringRow[];
  received: {
    trackingNumber: string;
    receivedAt: Date;
    channel: Channel;
    type: ComplaintType;
    category: string | null;
    subject: string;
  }[];
  attention: AttentionItem[];
}

/**
 * `histories` are the complaints registered by `at` and not finished before `since` (the query's
 * choice); each replayed to `at`.
 */
export function buildDailyMonitoring(
  histories: readonly ComplaintHistory[],
  period: { at: Date; since: Date; timeZone: string },
  context: ReportContext,
): DailyMonitoring {
  const { at, since, timeZone } = period;
  const date = localDateKey(at, timeZone);
  const byUnit = new Map<string, MonitoringRow>();
  const byStep = new Map<string, MonitoringRow & { no: number }>();
  const count = <Row extends MonitoringRow>(
    rows: Map<string, Row>,
    fresh: Row,
    due: 'today' | 'overdue' | null,
  ) => {
    const row = rows.get(fresh.label) ?? fresh;
    row.open++;
    if (due === 'today') row.dueToday++;
    if (due === 'overdue') row.overdue++;
    rows.set(row.label, row);
  };
  const attention: AttentionItem[] = [];
  const received: DailyMonitoring['received'] = [];
  let open = 0;
  for (const history of histories) {
    const { complaint } = history;
    if (complaint.registeredAt > since && complaint.registeredAt <= at) {
      received.push({
        trackingNumber: complaint.trackingNumber,
        receivedAt: complaint.receivedAt,
        channel: complaint.channel,
        type: complaint.type,
        category: complaint.category,
        subject: reportedSubject(complaint),
      });
    }
    const tasks = openTasks(history);
    if (history.finishedAt === null && complaint.registeredAt <= at) open++;
    for (const task of tasks) {
      const step = findStep(context.sop, task.stepId);
      const stepLabel = step ? `${step.no}. ${step.name}` : task.stepId;
      const unit = context.unitName(task.unitCode);
      const overdue = task.dueAt <= at;
      const dueToday = !overdue && localDateKey(task.dueAt, timeZone) === date;
      const due = overdue ? 'overdue' : dueToday ? 'today' : null;
      count(byUnit, { label: unit, open: 0, dueToday: 0, overdue: 0 }, due);
      count(byStep, { label: stepLabel, no: step?.no ?? 999, open: 0, dueToday: 0, overdue: 0 }, due);
      if (overdue || dueToday) {
        attention.push({
          trackingNumber: complaint.trackingNumber,
          subject: reportedSubject(complaint),
          step: stepLabel,
          unit,
          unitCode: task.unitCode,
          dueAt: task.dueAt,
          overdue,
          lateMinutes: overdue ? Math.round(context.calendar.workingMinutesBetween(task.dueAt, at)) : 0,
        });
      }
    }
  }
  const units = [...byUnit.values()].sort((a, b) => b.open - a.open || a.label.localeCompare(b.label, 'id'));
  const steps = [...byStep.values()]
    .sort((a, b) => a.no - b.no)
    .map(({ label, open: o, dueToday, overdue }) => ({ label, open: o, dueToday, overdue }));
  return {
    date,
    at,
    since,
    totals: {
      received: received.length,
      open,
      dueToday: units.reduce((sum, row) => sum + row.dueToday, 0),
      overdue: units.reduce((sum, row) => sum + row.overdue, 0),
    },
    byUnit: units,
    byStep: steps,
    received: received.sort(
      (a, b) =>
        a.receivedAt.getTime() - b.receivedAt.getTime() || a.trackingNumber.localeCompare(b.trackingNumber),
    ),
    attention: attention.sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        a.dueAt.getTime() - b.dueAt.getTime() ||
        a.trackingNumber.localeCompare(b.trackingNumber),
    ),
  };
}
