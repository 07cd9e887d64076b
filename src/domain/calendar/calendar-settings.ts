import { isValidTimeZone, parseDateKey } from './zoned-time.ts';

/** Settings of a working calendar and their validation; the arithmetic is in working-calendar.ts. */

export type WeekdayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Indexed like Date#getDay (0 = Sunday). */
export const WEEKDAY_KEYS: readonly WeekdayKey[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface OfficeHoursSpan {
  /** 'HH:MM', local time */
  start: string;
  /** 'HH:MM', local time; '24:00' allowed for a desk open until midnight */
  end: string;
}

export interface CalendarHoliday {
  date: string;
  name: string;
  kind: string;
}

export interface CalendarSettings {
  /** IANA, e.g. 'Asia/Makassar' */
  timeZone: string;
  /** A missing day is closed. */
  hours: Partial<Record<WeekdayKey, OfficeHoursSpan>>;
  holidays: readonly CalendarHoliday[];
}

/** Perpres 21/2023, as in Kaltim: Mon-Thu 07:30-16:00, Fri 07:30-11:00 (37.5 h a week). */
export const DEFAULT_OFFICE_HOURS: Readonly<Partial<Record<WeekdayKey, OfficeHoursSpan>>> = Object.freeze({
  mon: Object.freeze({ start: '07:30', end: '16:00' }),
  tue: Object.freeze({ start: '07:30', end: '16:00' }),
  wed: Object.freeze({ start: '07:30', end: '16:00' }),
  thu: Object.freeze({ start: '07:30', end: '16:00' }),
  fri: Object.freeze({ start: '07:30', end: '11:00' }),
});

/** Every problem found in a CalendarSettings, listed at once so an operator fixes them in one go. */
export class CalendarSettingsError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid working calendar settings:\n- ${problems.join('\n- ')}`);
    this.name = 'CalendarSettingsError';
    this.problems = problems;
  }
}

/** Office hours of one weekday in minutes after local midnight; start < end. */
export interface DaySpan {
  startMinute: number;
  endMinute: number;
}

const HH_MM = /^(\d{2}):(\d{2})$/;

function parseClock(value: unknown, allowMidnightEnd: boolean): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = HH_MM.exec(value);
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59) return undefined;
  if (hours === 24 && minutes === 0 && allowMidnightEnd) return 24 * 60;
  if (hours > 23) return undefined;
  return hours * 60 + minutes;
}

/**
 * Checks the zone, every 'HH:MM', end after start, unknown weekday keys (a typo such as 'monday'
 * would otherwise silently close that day) and holiday dates (a bad date would never match).
 * Throws CalendarSettingsError listing every problem; returns the office hours indexed like
 * Date#getDay (undefined = closed).
 */
export function validateSettings(settings: CalendarSettings): readonly (DaySpan | undefined)[] {
  const problems: string[] = [];

  if (typeof settings.timeZone !== 'string' || !isValidTimeZone(settings.timeZone)) {
    problems.push(`timeZone: unknown IANA time zone '${String(settings.timeZone)}' (e.g. 'Asia/Makassar')`);
  }

  const spans: (DaySpan | undefined)[] = WEEKDAY_KEYS.map(() => undefined);
  for (const [key, span] of Object.entries(settings.hours ?? {})) {
    const index = WEEKDAY_KEYS.indexOf(key as WeekdayKey);
    if (index < 0) {
      problems.push(`hours.${key}: unknown weekday (use ${WEEKDAY_KEYS.join(', ')})`);
      continue;
    }
    if (span === undefined) continue;
    const startMinute = parseClock(span.start, false);
    const endMinute = parseClock(span.end, true);
    if (startMinute === undefined) {
      problems.push(`hours.${key}.start: '${String(span.start)}' is not a time 'HH:MM' (e.g. '07:30')`);
    }
    if (endMinute === undefined) {
      problems.push(`hours.${key}.end: '${String(span.end)}' is not a time 'HH:MM' (e.g. '16:00')`);
    }
    if (startMinute === undefined || endMinute === undefined) continue;
    if (endMinute <= startMinute) {
      problems.push(`hours.${key}: end '${span.end}' must be after start '${span.start}'`);
      continue;
    }
    spans[index] = { startMinute, endMinute };
  }

  (settings.holidays ?? []).forEach((holiday, i) => {
    if (parseDateKey(holiday.date) === undefined) {
      problems.push(`holidays[${i}].date: '${String(holiday.date)}' is not a date 'YYYY-MM-DD'`);
    }
  });

  if (problems.length > 0) throw new CalendarSettingsError(problems);
  return spans;
}
