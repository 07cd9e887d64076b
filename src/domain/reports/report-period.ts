import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import {
  dateKeyOf,
  dateOfDayNumber,
  dayNumberOf,
  instantFromLocal,
  localParts,
  parseDateKey,
} from '../calendar/zoned-time.ts';

/** "07:30" → hour and minute; the config schema has checked the shape. */
export function clockTime(text: string): { hour: number; minute: number } {
  const [hour, minute] = text.split(':').map(Number);
  return { hour: hour!, minute: minute! };
}

/**
 * The daily report's instants for a local date: `at` is the report time on that day, `since` the
 * report time of the previous working day — so Monday's report lists what came in over the weekend,
 * and a report made late (the service was down at 07:30) still shows the picture as at 07:30.
 */
export function dailyPeriod(
  dateKey: string,
  time: string,
  timeZone: string,
  calendar: WorkingCalendar,
): { at: Date; since: Date } {
  const date = parseDateKey(dateKey);
  if (!date) throw new RangeError(`'${dateKey}' is not a date YYYY-MM-DD`);
  const { hour, minute } = clockTime(time);
  const day = dayNumberOf(date.year, date.month, date.day);
  let previous = day - 1;
  // A year of holidays at most: a calendar without working days is refused by its settings.
  for (let n = 0; n < 366; n++, previous--) {
    const d = dateOfDayNumber(previous);
    if (calendar.isWorkingDay(dateKeyOf(d.year, d.month, d.day))) break;
  }
  const prior = dateOfDayNumber(previous);
  return {
    at: instantFromLocal({ ...date, hour, minute }, timeZone),
    since: instantFromLocal({ ...prior, hour, minute }, timeZone),
  };
}

/** The month as instants in the office's zone: [first day 00:00, next month's first day 00:00). */
export function monthlyPeriod(year: number, month: number, timeZone: string): { from: Date; to: Date } {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    from: instantFromLocal({ year, month, day: 1, hour: 0, minute: 0 }, timeZone),
    to: instantFromLocal({ ...next, day: 1, hour: 0, minute: 0 }, timeZone),
  };
}

/** The month before the one `at` falls in, in the office's zone. */
export function previousMonth(at: Date, timeZone: string): { year: number; month: number } {
  const { year, month } = localParts(at, timeZone);
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** "2026-11" */
export function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** "2026-11" → its parts, or undefined when it is no month. */
export function parseMonthKey(text: string): { year: number; month: number } | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? { year: Number(match[1]), month } : undefined;
}
