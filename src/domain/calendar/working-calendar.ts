import { validateSettings, WEEKDAY_KEYS } from './calendar-settings.ts';
import type { CalendarHoliday, CalendarSettings, OfficeHoursSpan, WeekdayKey } from './calendar-settings.ts';
import {
  dateKeyOf,
  dateOfDayNumber,
  dayNumberOf,
  instantFromLocal,
  localDayNumber,
  localParts,
  parseDateKey,
} from './zoned-time.ts';

export { CalendarSettingsError, DEFAULT_OFFICE_HOURS, WEEKDAY_KEYS } from './calendar-settings.ts';
export type { CalendarHoliday, CalendarSettings, OfficeHoursSpan, WeekdayKey } from './calendar-settings.ts';

/**
 * Working time ("hari kerja", "jam kerja") for SLA deadlines: time only runs inside office hours on
 * working days, in the office's own zone. All loops step one local day at a time, never per minute.
 */

/** An SOP time standard: 5 hari = { days: 5, minutes: 0 }; 60 menit = { days: 0, minutes: 60 }. */
export interface TimeStandard {
  days: number;
  minutes: number;
}

export interface WorkingCalendar {
  readonly settings: CalendarSettings;
  /** Weekday with office hours that is not a holiday or cuti bersama. Throws on a malformed key. */
  isWorkingDay(localDateKey: string): boolean;
  /** Inside [opening, closing) of a working day. */
  isWithinOfficeHours(at: Date): boolean;
  /** `at` itself if inside office hours, otherwise the next opening (e.g. Friday 17:00 -> Monday 07:30). */
  nextWorkingInstant(at: Date): Date;
  addWorkingMinutes(at: Date, minutes: number): Date;
  addWorkingDays(at: Date, days: number): Date;
  /** days first, then minutes */
  add(at: Date, standard: TimeStandard): Date;
  /** Working minutes between two instants (0 if to <= from); fractional when instants carry seconds. */
  workingMinutesBetween(from: Date, to: Date): number;
  holidayOn(localDateKey: string): CalendarHoliday | undefined;
}

const MINUTE_MS = 60_000;
/** A calendar with no working day in three years is misconfigured, not merely a long holiday. */
const MAX_SCAN_DAYS = 3 * 366;
/** Windows are cheap to recompute; the bound only keeps a long-running process from growing. */
const MAX_CACHED_DAYS = 4000;

/** Opening and closing of one working day, as epoch milliseconds. */
interface Window {
  open: number;
  close: number;
}

function assertDate(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

function assertNonNegative(value: number, name: string, integer: boolean): void {
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    const what = integer ? 'a whole number >= 0' : 'a finite number >= 0';
    throw new RangeError(`${name} must be ${what}, got ${String(value)}`);
  }
}

function weekdayOfDayNumber(dayNumber: number): number {
  // Day 0 (1970-01-01) was a Thursday.
  return (((dayNumber + 4) % 7) + 7) % 7;
}

function copySettings(settings: CalendarSettings): CalendarSettings {
  const hours: Partial<Record<WeekdayKey, OfficeHoursSpan>> = {};
  for (const key of WEEKDAY_KEYS) {
    const span = settings.hours[key];
    if (span !== undefined) hours[key] = Object.freeze({ start: span.start, end: span.end });
  }
  const holidays = Object.freeze(settings.holidays.map((h) => Object.freeze({ ...h })));
  return Object.freeze({ timeZone: settings.timeZone, hours: Object.freeze(hours), holidays });
}

/** Validates `settings` (throws CalendarSettingsError listing every problem) and builds the calendar. */
export function createWorkingCalendar(settings: CalendarSettings): WorkingCalendar {
  const spans = validateSettings(settings);
  // A private frozen copy: editing the caller's object later must not move existing deadlines.
  const frozen = copySettings(settings);
  const holidaysByDate = new Map<string, CalendarHoliday>();
  for (const holiday of frozen.holidays) {
    // Two entries on one date (e.g. a national day that is also a regional one): the first wins.
    if (!holidaysByDate.has(holiday.date)) holidaysByDate.set(holiday.date, holiday);
  }
  const timeZone = frozen.timeZone;
  const windows = new Map<number, Window | null>();

  function windowOf(dayNumber: number): Window | undefined {
    const cached = windows.get(dayNumber);
    if (cached !== undefined) return cached ?? undefined;
    const span = spans[weekdayOfDayNumber(dayNumber)];
    const date = dateOfDayNumber(dayNumber);
    let window: Window | null = null;
    if (span !== undefined && !holidaysByDate.has(dateKeyOf(date.year, date.month, date.day))) {
      // Converting each boundary separately keeps DST days right; Date.UTC rolls '24:00' over.
      const at = (minuteOfDay: number): number =>
        instantFromLocal(
          { ...date, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 },
          timeZone,
        ).getTime();
      window = { open: at(span.startMinute), close: at(span.endMinute) };
    }
    if (windows.size >= MAX_CACHED_DAYS) windows.clear();
    windows.set(dayNumber, window);
    return window ?? undefined;
  }

  function dayNumberAt(ms: number): number {
    return localDayNumber(ms, timeZone);
  }

  function noWorkingDay(fromMs: number): Error {
    return new Error(
      `Working calendar (${timeZone}) has no working day in the ${MAX_SCAN_DAYS} days after ` +
        `${new Date(fromMs).toISOString()}: check the office hours and the holiday list`,
    );
  }

  /** The first working instant >= ms, with the window it falls in. */
  function nextOpen(ms: number): { at: number; window: Window } {
    let day = dayNumberAt(ms);
    for (let scanned = 0; scanned <= MAX_SCAN_DAYS; scanned++, day++) {
      const window = windowOf(day);
      if (window === undefined) continue;
      if (ms < window.open) return { at: window.open, window };
      if (ms < window.close) return { at: ms, window };
    }
    throw noWorkingDay(ms);
  }

  function nextWorkingInstant(at: Date): Date {
    return new Date(nextOpen(assertDate(at, 'at')).at);
  }

  function addWorkingMinutes(at: Date, minutes: number): Date {
    assertNonNegative(minutes, 'minutes', false);
    let { at: cursor, window } = nextOpen(assertDate(at, 'at'));
    let remaining = Math.round(minutes * MINUTE_MS);
    // `<=` so that a result landing exactly on closing time stays there: "due 16:00 today",
    // not "due 07:30 tomorrow", although both leave the same working time.
    while (remaining > window.close - cursor) {
      remaining -= window.close - cursor;
      ({ at: cursor, window } = nextOpen(window.close));
    }
    return new Date(cursor + remaining);
  }

  function addWorkingDays(at: Date, days: number): Date {
    assertNonNegative(days, 'days', true);
    const start = nextOpen(assertDate(at, 'at')).at;
    if (days === 0) return new Date(start);

    const clock = localParts(new Date(start), timeZone);
    let day = dayNumberOf(clock.year, clock.month, clock.day);
    let window: Window | undefined;
    for (let counted = 0, scanned = 0; counted < days;) {
      day++;
      window = windowOf(day);
      if (window !== undefined) {
        counted++;
        scanned = 0;
      } else if (++scanned > MAX_SCAN_DAYS) {
        throw noWorkingDay(start);
      }
    }
    if (window === undefined) throw noWorkingDay(start); // unreachable: days > 0

    // Same wall-clock time on the target day, clamped into its hours: a 14:00 start lands on a
    // Friday that closes at 11:00 as 11:00 (the deadline cannot be after the office closed).
    const target = instantFromLocal(
      {
        ...dateOfDayNumber(day),
        hour: clock.hour,
        minute: clock.minute,
        second: clock.second,
        millisecond: ((start % 1000) + 1000) % 1000,
      },
      timeZone,
    ).getTime();
    return new Date(Math.min(Math.max(target, window.open), window.close));
  }

  function add(at: Date, standard: TimeStandard): Date {
    assertNonNegative(standard.days, 'standard.days', true);
    assertNonNegative(standard.minutes, 'standard.minutes', false);
    if (standard.days === 0) return addWorkingMinutes(at, standard.minutes);
    const afterDays = addWorkingDays(at, standard.days);
    // With no minutes, keep a closing-time result (Friday 11:00) instead of rolling to Monday.
    return standard.minutes === 0 ? afterDays : addWorkingMinutes(afterDays, standard.minutes);
  }

  function workingMinutesBetween(from: Date, to: Date): number {
    const fromMs = assertDate(from, 'from');
    const toMs = assertDate(to, 'to');
    if (toMs <= fromMs) return 0;
    let total = 0;
    const lastDay = dayNumberAt(toMs);
    for (let day = dayNumberAt(fromMs); day <= lastDay; day++) {
      const window = windowOf(day);
      if (window === undefined) continue;
      const overlap = Math.min(toMs, window.close) - Math.max(fromMs, window.open);
      if (overlap > 0) total += overlap;
    }
    return total / MINUTE_MS;
  }

  function isWorkingDay(localDateKey: string): boolean {
    const date = parseDateKey(localDateKey);
    if (date === undefined) throw new RangeError(`'${localDateKey}' is not a date 'YYYY-MM-DD'`);
    const weekday = weekdayOfDayNumber(dayNumberOf(date.year, date.month, date.day));
    return spans[weekday] !== undefined && !holidaysByDate.has(localDateKey);
  }

  function isWithinOfficeHours(at: Date): boolean {
    const ms = assertDate(at, 'at');
    const window = windowOf(dayNumberAt(ms));
    return window !== undefined && ms >= window.open && ms < window.close;
  }

  return {
    settings: frozen,
    isWorkingDay,
    isWithinOfficeHours,
    nextWorkingInstant,
    addWorkingMinutes,
    addWorkingDays,
    add,
    workingMinutesBetween,
    holidayOn: (localDateKey) => holidaysByDate.get(localDateKey),
  };
}
