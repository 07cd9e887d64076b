import { localParts } from '../calendar/zoned-time.ts';
import { topicOf } from '../complaint/route-by-topic.ts';
import { findStep } from '../sop/sop-definition.ts';
import { totalTimeStandard } from '../sop/sop-paths.ts';
import {
  openTasks,
  type ComplaintHistory,
  type ReportedStatus,
  type TaskRecord,
} from './complaint-history.ts';
import { placeOfComplaint } from './place-of-complaint.ts';
import {
  countBy,
  reportedComplainant,
  reportedSubject,
  type Count,
  type ReportContext,
} from './report-context.ts';

/** How one step (or one unit) kept its time standard in the month. */
export interface Compliance {
  label: string;
  /** The step's time standard as the SOP writes it ("60 menit"); empty for a unit. */
  standard: string;
  /** Tasks finished in the month. */
  done: number;
  /** Of those, finished by their due time. */
  onTime: number;
  /** Open at the month's end and already past their due time: late as well. */
  overdueOpen: number;
  /** onTime / (done + overdueOpen), in percent; null when there was nothing to judge. */
  percent: number | null;
  /** Working minutes from opening to finishing, over the tasks done. */
  averageMinutes: number | null;
  slowestMinutes: number | null;
  /** The average task's share of the time it was allowed, in percent (100 = exactly the standard). */
  averageShareOfStandard: number | null;
}

/** A register line: one complaint received in the month, as it stood at the month's end. */
export interface RegisterRow {
  no: number;
  trackingNumber: string;
  agendaNumber: string | null;
  receivedAt: Date;
  channel: string;
  type: string;
  category: string;
  subject: string;
  complainant: string;
  place: string | null;
  problem: string | null;
  unit: string;
  /** The step it was at, or the way it ended. */
  position: string;
  status: ReportedStatus;
  finishedAt: Date | null;
  /** Working hours from registration to the end of its path (or to the month's end while open). */
  workingHours: number;
  /** Every step within its due time so far. */
  onTime: boolean;
}

export interface SlowCase {
  trackingNumber: string;
  category: string;
  unit: string;
  minutes: number;
  standardMinutes: number;
}

/**
 * Rekap bulanan and laporan identifikasi permasalahan bulanan (Karanganyar step 6, Balangan's
 * records): what came in during the month (by category, unit, channel, type; the busiest problems
 * and places), how the SOP's time standards were kept (per step and per unit, average and slowest
 * against the standard), and the register of the month's complaints.
 */
export interface MonthlyRecap {
  year: number;
  month: number;
  from: Date;
  to: Date;
  /** The cut-off: the month's end, or the moment it was made while the month is still running. */
  asOf: Date;
  totals: {
    received: number;
    /** Received earlier and still open when the month began. */
    carriedOver: number;
    /** Paths ended in the month (answered, rejected, finished), whenever received. */
    finished: number;
    answered: number;
    rejected: number;
    /** Open at the cut-off. */
    openAtEnd: number;
    /** Of the steps judged in the month, the share on time. */
    onTimePercent: number | null;
  };
  byCategory: Count[];
  byUnit: Count[];
  byChannel: Count[];
  byType: Count[];
  /** Day of the month → received and finished that day (the line chart). */
  byDay: { day: number; received: number; finished: number }[];
  steps: Compliance[];
  units: Compliance[];
  handling: {
    /** Paths ended in the month. */
    finished: number;
    averageMinutes: number | null;
    /** The SOP's total time standard in working minutes, from a typical registration. */
    standardMinutes: number;
    slowest: SlowCase[];
  };
  problems: Count[];
  places: Count[];
  register: RegisterRow[];
}

const CHANNEL_LABELS: Record<string, string> = { email: 'E-mail', fax: 'Faksimile' };
const TYPE_LABELS: Record<string, string> = {
  pengaduan: 'Pengaduan',
  aspirasi: 'Aspirasi',
  permintaan_informasi: 'Permintaan informasi',
};
const STATUS_LABELS: Record<ReportedStatus, string> = {
  registered: 'Terdaftar',
  in_progress: 'Dalam proses',
  answered: 'Dijawab',
  closed: 'Selesai',
  rejected: 'Ditolak',
};

export const channelLabel = (channel: string) => CHANNEL_LABELS[channel] ?? channel;
export const typeLabel = (type: string) => TYPE_LABELS[type] ?? type;
export const statusLabel = (status: ReportedStatus) => STATUS_LABELS[status];

/** Categories not yet given by routing or the admin. */
const UNCATEGORISED = 'Lainnya';

/**
 * `histories`: complaints registered before `asOf` and not finished before `from`, each replayed
 * to `asOf` — the month's end, so the report for a past month is the same whenever it is made; or
 * now, for the month still running (a task not yet due is not judged late).
 */
export function buildMonthlyRecap(
  histories: readonly ComplaintHistory[],
  period: { year: number; month: number; from: Date; to: Date; asOf: Date; timeZone: string },
  context: ReportContext,
): MonthlyRecap {
  const { from, to, asOf, timeZone } = period;
  const { calendar, sop } = context;
  const total = totalTimeStandard(sop);
  const minutesOf = (start: Date, end: Date) => calendar.workingMinutesBetween(start, end);
  const inMonth = (at: Date | null): at is Date => at !== null && at >= from && at < to;

  const received = histories.filter((h) => inMonth(h.complaint.registeredAt));
  const finished = histories.filter((h) => inMonth(h.finishedAt));
  const carriedOver = histories.filter(
    (h) => h.complaint.registeredAt < from && (h.finishedAt === null || h.finishedAt >= from),
  );

  // Steps judged in the month: finished in it, or still open at its end past their due time.
  const judged: { task: TaskRecord; late: boolean; minutes: number | null; share: number | null }[] = [];
  for (const history of histories) {
    for (const task of history.tasks) {
      if (inMonth(task.closedAt)) {
        const minutes = minutesOf(task.openedAt, task.closedAt);
        const allowed = minutesOf(task.openedAt, task.dueAt);
        judged.push({
          task,
          late: task.closedAt > task.dueAt,
          minutes,
          share: allowed > 0 ? (minutes / allowed) * 100 : null,
        });
      }
    }
    for (const task of openTasks(history)) {
      if (task.dueAt < asOf) judged.push({ task, late: true, minutes: null, share: null });
    }
  }
  const compliance = (labelOf: (task: TaskRecord) => string, standardOf: (label: string) => string) => {
    const groups = new Map<string, typeof judged>();
    for (const item of judged) {
      const label = labelOf(item.task);
      const group = groups.get(label);
      if (group) group.push(item);
      else groups.set(label, [item]);
    }
    return [...groups].map(([label, items]): Compliance => {
      const done = items.filter((item) => item.minutes !== null);
      const minutes = done.map((item) => item.minutes!);
      const shares = done.map((item) => item.share).filter((share): share is number => share !== null);
      const onTime = done.filter((item) => !item.late).length;
      const overdueOpen = items.length - done.length;
      return {
        label,
        standard: standardOf(label),
        done: done.length,
        onTime,
        overdueOpen,
        percent: items.length ? round((onTime / items.length) * 100, 1) : null,
        averageMinutes: minutes.length ? round(average(minutes)) : null,
        slowestMinutes: minutes.length ? Math.round(Math.max(...minutes)) : null,
        averageShareOfStandard: shares.length ? round(average(shares)) : null,
      };
    });
  };
  const stepLabel = (stepId: string) => {
    const step = findStep(sop, stepId);
    return step ? `${step.no}. ${step.name}` : stepId;
  };
  const stepNo = (label: string) => Number(label.split('.')[0]) || 999;
  const steps = compliance(
    (task) => stepLabel(task.stepId),
    (label) => sop.steps.find((step) => `${step.no}. ${step.name}` === label)?.timeText ?? '',
  ).sort((a, b) => stepNo(a.label) - stepNo(b.label));
  const units = compliance(
    (task) => context.unitName(task.unitCode),
    () => '',
  ).sort((a, b) => b.done + b.overdueOpen - (a.done + a.overdueOpen) || a.label.localeCompare(b.label, 'id'));
  const onTimeAll = judged.filter((item) => item.minutes !== null && !item.late).length;

  // Registration to the end of the path, for the paths that ended in the month.
  const handled = finished.map((h) => {
    const minutes = minutesOf(h.complaint.registeredAt, h.finishedAt!);
    const standardMinutes = minutesOf(
      h.complaint.registeredAt,
      calendar.add(h.complaint.registeredAt, total),
    );
    return { h, minutes, standardMinutes };
  });
  const typicalStart = calendar.nextWorkingInstant(from);

  const days = localParts(new Date(to.getTime() - 1), timeZone).day;
  const byDay = Array.from({ length: days }, (_, n) => ({ day: n + 1, received: 0, finished: 0 }));
  for (const h of received) byDay[localParts(h.complaint.registeredAt, timeZone).day - 1]!.received++;
  for (const h of finished) byDay[localParts(h.finishedAt!, timeZone).day - 1]!.finished++;

  const topics = new Map(
    received.map((h) => [h, topicOf(`${h.complaint.subject}\n${h.complaint.body}`)] as const),
  );
  const places = new Map(
    received.map((h) => [h, placeOfComplaint(`${h.complaint.subject}\n${h.complaint.body}`)] as const),
  );
  const register = [...received]
    .sort(
      (a, b) =>
        a.complaint.registeredAt.getTime() - b.complaint.registeredAt.getTime() ||
        a.complaint.trackingNumber.localeCompare(b.complaint.trackingNumber),
    )
    .map((h, n): RegisterRow => {
      const open = openTasks(h);
      const end = h.finishedAt ?? asOf;
      const topic = topics.get(h);
      return {
        no: n + 1,
        trackingNumber: h.complaint.trackingNumber,
        agendaNumber: h.complaint.agendaNumber,
        receivedAt: h.complaint.receivedAt,
        channel: channelLabel(h.complaint.channel),
        type: typeLabel(h.complaint.type),
        category: h.complaint.category ?? UNCATEGORISED,
        subject: reportedSubject(h.complaint),
        complainant: reportedComplainant(h.complaint),
        place: places.get(h) ?? null,
        problem: topic ? topic.keyword : null,
        unit: context.unitName(h.unitCode),
        position: open.length ? open.map((task) => stepLabel(task.stepId)).join('; ') : statusLabel(h.status),
        status: h.status,
        finishedAt: h.finishedAt,
        workingHours: round(minutesOf(h.complaint.registeredAt, end) / 60, 1),
        onTime: h.tasks.every((task) => (task.closedAt ?? asOf) <= task.dueAt),
      };
    });

  return {
    year: period.year,
    month: period.month,
    from,
    to,
    asOf,
    totals: {
      received: received.length,
      carriedOver: carriedOver.length,
      finished: finished.length,
      answered: finished.filter((h) => h.outcome === 'dijawab').length,
      rejected: finished.filter((h) => h.outcome === 'ditolak').length,
      openAtEnd: histories.filter((h) => h.finishedAt === null).length,
      onTimePercent: judged.length ? round((onTimeAll / judged.length) * 100, 1) : null,
    },
    byCategory: countBy(received, (h) => h.complaint.category ?? UNCATEGORISED),
    byUnit: countBy(received, (h) => context.unitName(h.unitCode)),
    byChannel: countBy(received, (h) => channelLabel(h.complaint.channel)),
    byType: countBy(received, (h) => typeLabel(h.complaint.type)),
    byDay,
    steps,
    units,
    handling: {
      finished: handled.length,
      averageMinutes: handled.length ? round(average(handled.map((c) => c.minutes))) : null,
      standardMinutes: Math.round(minutesOf(typicalStart, calendar.add(typicalStart, total))),
      slowest: [...handled]
        .sort(
          (a, b) =>
            b.minutes - a.minutes || a.h.complaint.trackingNumber.localeCompare(b.h.complaint.trackingNumber),
        )
        .slice(0, 5)
        .map(({ h, minutes, standardMinutes }) => ({
          trackingNumber: h.complaint.trackingNumber,
          category: h.complaint.category ?? UNCATEGORISED,
          unit: context.unitName(h.unitCode),
          minutes: Math.round(minutes),
          standardMinutes: Math.round(standardMinutes),
        })),
    },
    problems: countBy(received, (h) => {
      const topic = topics.get(h);
      return topic ? `${topic.route.category}: ${topic.keyword}` : null;
    }).slice(0, 10),
    places: countBy(received, (h) => places.get(h) ?? null).slice(0, 10),
    register,
  };
}

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(value: number, digits = 0): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
