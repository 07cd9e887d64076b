import type { TimeStandard } from '../calendar/working-calendar.ts';
import { localParts } from '../calendar/zoned-time.ts';
import { topicOf } from '../complaint/route-by-topic.ts';
import { totalTimeStandard } from '../sop/sop-paths.ts';
import { openTasks, type ComplaintHistory, type ReportedStatus } from './complaint-history.ts';
import { placeOfComplaint } from './place-of-complaint.ts';
import {
  largestFirst,
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

export interface RecapPeriod {
  year: number;
  month: number;
  from: Date;
  to: Date;
  asOf: Date;
  timeZone: string;
}

/** Running figures for one step or unit: what a Compliance line is made of. */
class ComplianceTally {
  done = 0;
  onTime = 0;
  overdueOpen = 0;
  minutes = 0;
  slowest = -Infinity;
  shares = 0;
  shared = 0;

  line(label: string, standard: string): Compliance {
    const judged = this.done + this.overdueOpen;
    return {
      label,
      standard,
      done: this.done,
      onTime: this.onTime,
      overdueOpen: this.overdueOpen,
      percent: judged ? round((this.onTime / judged) * 100, 1) : null,
      averageMinutes: this.done ? round(this.minutes / this.done) : null,
      slowestMinutes: this.done ? Math.round(this.slowest) : null,
      averageShareOfStandard: this.shared ? round(this.shares / this.shared) : null,
    };
  }
}

/**
 * The recap, one complaint at a time: `histories` are the complaints registered before `asOf` and
 * not finished before `from`, each replayed to `asOf` — the month's end, so the report for a past
 * month is the same whenever it is made; or now, for the month still running (a task not yet due
 * is not judged late). Folding them in as they come keeps memory to the register and the tallies,
 * whatever the month's size (a month of 100,000 complaints is read in batches).
 */
export class MonthlyRecapBuilder {
  private readonly period: RecapPeriod;
  private readonly context: ReportContext;
  private readonly totalStandard: TimeStandard;
  private readonly counts = {
    received: 0,
    carriedOver: 0,
    finished: 0,
    answered: 0,
    rejected: 0,
    openAtEnd: 0,
  };
  private readonly byCategory = new Map<string, number>();
  private readonly byUnit = new Map<string, number>();
  private readonly byChannel = new Map<string, number>();
  private readonly byType = new Map<string, number>();
  private readonly problems = new Map<string, number>();
  private readonly places = new Map<string, number>();
  private readonly steps = new Map<string, ComplianceTally>();
  private readonly units = new Map<string, ComplianceTally>();
  private readonly all = new ComplianceTally();
  private readonly byDay: { day: number; received: number; finished: number }[];
  private readonly register: { registeredAt: Date; row: Omit<RegisterRow, 'no'> }[] = [];
  private handledMinutes = 0;
  /** The slowest so far; their standard is worked out for the five kept, at the end. */
  private slowest: (Omit<SlowCase, 'standardMinutes'> & { registeredAt: Date })[] = [];
  private readonly stepLabels: Map<string, { label: string; standard: string }>;

  constructor(period: RecapPeriod, context: ReportContext) {
    this.period = period;
    this.context = context;
    this.totalStandard = totalTimeStandard(context.sop);
    const days = localParts(new Date(period.to.getTime() - 1), period.timeZone).day;
    this.byDay = Array.from({ length: days }, (_, n) => ({ day: n + 1, received: 0, finished: 0 }));
    this.stepLabels = new Map(
      context.sop.steps.map((step) => [
        step.id,
        { label: `${step.no}. ${step.name}`, standard: step.timeText },
      ]),
    );
  }

  add(history: ComplaintHistory): void {
    const { from, to, asOf, timeZone } = this.period;
    const { calendar } = this.context;
    const { complaint } = history;
    const minutesOf = (start: Date, end: Date) => calendar.workingMinutesBetween(start, end);
    const [fromMs, toMs] = [from.getTime(), to.getTime()];
    const inMonth = (at: Date | null): at is Date => {
      const ms = at?.getTime();
      return ms !== undefined && ms >= fromMs && ms < toMs;
    };

    if (history.finishedAt === null) this.counts.openAtEnd++;
    if (complaint.registeredAt < from) this.counts.carriedOver++;
    if (inMonth(history.finishedAt)) {
      this.counts.finished++;
      if (history.outcome === 'dijawab') this.counts.answered++;
      if (history.outcome === 'ditolak') this.counts.rejected++;
      this.byDay[localParts(history.finishedAt, timeZone).day - 1]!.finished++;
      const minutes = minutesOf(complaint.registeredAt, history.finishedAt);
      this.handledMinutes += minutes;
      this.slowCase({
        trackingNumber: complaint.trackingNumber,
        category: complaint.category ?? UNCATEGORISED,
        unit: this.context.unitName(history.unitCode),
        minutes: Math.round(minutes),
        registeredAt: complaint.registeredAt,
      });
    }

    // Steps judged in the month: finished in it, or still open at its end past their due time.
    for (const task of history.tasks) {
      const finishedInMonth = inMonth(task.closedAt);
      const overdueOpen = task.closedAt === null && history.finishedAt === null && task.dueAt < asOf;
      if (!finishedInMonth && !overdueOpen) continue;
      const tallies = [
        this.tally(this.steps, this.stepLabels.get(task.stepId)?.label ?? task.stepId),
        this.tally(this.units, this.context.unitName(task.unitCode)),
        this.all,
      ];
      if (overdueOpen) {
        for (const tally of tallies) tally.overdueOpen++;
        continue;
      }
      const minutes = minutesOf(task.openedAt, task.closedAt!);
      const allowed = minutesOf(task.openedAt, task.dueAt);
      const onTime = task.closedAt! <= task.dueAt;
      for (const tally of tallies) {
        tally.done++;
        if (onTime) tally.onTime++;
        tally.minutes += minutes;
        if (minutes > tally.slowest) tally.slowest = minutes;
        if (allowed > 0) {
          tally.shares += (minutes / allowed) * 100;
          tally.shared++;
        }
      }
    }

    if (!inMonth(complaint.registeredAt)) return;
    this.counts.received++;
    const category = complaint.category ?? UNCATEGORISED;
    const unit = this.context.unitName(history.unitCode);
    const text = `${complaint.subject}\n${complaint.body}`;
    const topic = topicOf(text);
    const place = placeOfComplaint(text);
    increment(this.byCategory, category);
    increment(this.byUnit, unit);
    increment(this.byChannel, channelLabel(complaint.channel));
    increment(this.byType, typeLabel(complaint.type));
    if (topic) increment(this.problems, `${topic.route.category}: ${topic.keyword}`);
    if (place) increment(this.places, place);
    this.byDay[localParts(complaint.registeredAt, timeZone).day - 1]!.received++;
    const open = openTasks(history);
    const row: Omit<RegisterRow, 'no'> = {
      trackingNumber: complaint.trackingNumber,
      agendaNumber: complaint.agendaNumber,
      receivedAt: complaint.receivedAt,
      channel: channelLabel(complaint.channel),
      type: typeLabel(complaint.type),
      category,
      subject: reportedSubject(complaint),
      complainant: reportedComplainant(complaint),
      place,
      problem: topic ? topic.keyword : null,
      unit,
      position: open.length
        ? open.map((task) => this.stepLabels.get(task.stepId)?.label ?? task.stepId).join('; ')
        : statusLabel(history.status),
      status: history.status,
      finishedAt: history.finishedAt,
      workingHours: round(minutesOf(complaint.registeredAt, history.finishedAt ?? asOf) / 60, 1),
      onTime: history.tasks.every((task) => (task.closedAt ?? asOf) <= task.dueAt),
    };
    this.register.push({ registeredAt: complaint.registeredAt, row });
  }

  result(): MonthlyRecap {
    const { calendar } = this.context;
    const start = calendar.nextWorkingInstant(this.period.from);
    const register = this.register
      .sort(
        (a, b) =>
          a.registeredAt.getTime() - b.registeredAt.getTime() ||
          a.row.trackingNumber.localeCompare(b.row.trackingNumber),
      )
      .map(({ row }, n) => ({ no: n + 1, ...row }));
    const stepNo = new Map(this.context.sop.steps.map((step) => [`${step.no}. ${step.name}`, step.no]));
    const standards = new Map([...this.stepLabels.values()].map(({ label, standard }) => [label, standard]));
    return {
      year: this.period.year,
      month: this.period.month,
      from: this.period.from,
      to: this.period.to,
      asOf: this.period.asOf,
      totals: { ...this.counts, onTimePercent: this.all.line('', '').percent },
      byCategory: largestFirst(this.byCategory),
      byUnit: largestFirst(this.byUnit),
      byChannel: largestFirst(this.byChannel),
      byType: largestFirst(this.byType),
      byDay: this.byDay,
      steps: [...this.steps]
        .map(([label, tally]) => tally.line(label, standards.get(label) ?? ''))
        .sort((a, b) => (stepNo.get(a.label) ?? 999) - (stepNo.get(b.label) ?? 999)),
      units: [...this.units]
        .map(([label, tally]) => tally.line(label, ''))
        .sort(
          (a, b) => b.done + b.overdueOpen - (a.done + a.overdueOpen) || a.label.localeCompare(b.label, 'id'),
        ),
      handling: {
        finished: this.counts.finished,
        averageMinutes: this.counts.finished ? round(this.handledMinutes / this.counts.finished) : null,
        standardMinutes: Math.round(
          calendar.workingMinutesBetween(start, calendar.add(start, this.totalStandard)),
        ),
        slowest: this.slowest.map(({ registeredAt, ...item }) => ({
          ...item,
          standardMinutes: Math.round(
            calendar.workingMinutesBetween(registeredAt, calendar.add(registeredAt, this.totalStandard)),
          ),
        })),
      },
      problems: largestFirst(this.problems).slice(0, 10),
      places: largestFirst(this.places).slice(0, 10),
      register,
    };
  }

  private tally(tallies: Map<string, ComplianceTally>, label: string): ComplianceTally {
    let tally = tallies.get(label);
    if (!tally) tallies.set(label, (tally = new ComplianceTally()));
    return tally;
  }

  /** Keeps the five slowest, slowest first (ties by tracking number). */
  private slowCase(item: (typeof this.slowest)[number]): void {
    const last = this.slowest[4];
    if (
      last &&
      (item.minutes < last.minutes ||
        (item.minutes === last.minutes && item.trackingNumber > last.trackingNumber))
    )
      return;
    this.slowest = [...this.slowest, item]
      .sort((a, b) => b.minutes - a.minutes || a.trackingNumber.localeCompare(b.trackingNumber))
      .slice(0, 5);
  }
}

function increment(counts: Map<string, number>, label: string): void {
  counts.set(label, (counts.get(label) ?? 0) + 1);
}

function round(value: number, digits = 0): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
