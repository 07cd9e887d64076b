/**
 * UTC instants <-> local wall-clock time in an IANA zone, with nothing but Intl and Date.
 *
 * Deadlines are stored as UTC instants but reasoned about in the office's local time (WIB/WITA/WIT).
 * Intl.DateTimeFormat is slow to construct, so one formatter per zone is cached: the working
 * calendar calls these helpers in per-day loops.
 */

export interface LocalParts {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0-23 */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday ... 6 = Saturday, as Date#getDay. */
  weekday: number;
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // 'en-US' + h23 gives plain ASCII digits and hours 0-23 (never '24' at midnight).
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime's Intl knows the IANA zone (e.g. 'Asia/Makassar'). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Weekday of a proleptic Gregorian date, 0 = Sunday. Pure arithmetic: no zone involved. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/**
 * Wall-clock parts of `instant` in `timeZone`. Throws RangeError for an unknown zone.
 *
 * Intl's formatToParts costs ~20 µs, and the working calendar asks thousands of times per due
 * date; so the zone's offset is kept per quarter hour (every real offset change falls on a quarter
 * hour boundary, and a quarter with a change inside is never cached) and the parts are read from a
 * shifted UTC date.
 */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const offset = offsetOfQuarter(instant.getTime(), timeZone);
  if (offset === null) return partsByIntl(instant, timeZone);
  const shifted = new Date(instant.getTime() + offset);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

const QUARTER_MS = 15 * MINUTE_MS;
const MAX_CACHED_QUARTERS = 50_000;
/** zone → quarter-hour index → offset in ms, or null when the offset changes inside that quarter. */
const quarterOffsets = new Map<string, Map<number, number | null>>();

function offsetOfQuarter(ms: number, timeZone: string): number | null {
  const quarter = Math.floor(ms / QUARTER_MS);
  let zone = quarterOffsets.get(timeZone);
  if (zone === undefined) quarterOffsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_MS;
    const first = offsetByIntl(start, timeZone);
    const last = offsetByIntl(start + QUARTER_MS - 1000, timeZone);
    offset = first === last ? first : null;
    if (zone.size >= MAX_CACHED_QUARTERS) zone.clear();
    zone.set(quarter, offset);
  }
  return offset;
}

function offsetByIntl(ms: number, timeZone: string): number {
  const p = partsByIntl(new Date(ms), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** localParts by Intl, ~20 µs a call. */
function partsByIntl(instant: Date, timeZone: string): LocalParts {
  const parts = formatterFor(timeZone).formatToParts(instant);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of parts) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value) % 24;
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  return { year, month, day, hour, minute, second, weekday: weekdayOf(year, month, day) };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (WITA: +8 h). */
export function offsetMsAt(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  // Intl drops milliseconds, so compare against the instant truncated to the second.
  const truncated = Math.floor(instant.getTime() / 1000) * 1000;
  return asUtc - truncated;
}

/**
 * The UTC instant at which the wall clock in `timeZone` shows `local`.
 *
 * Exact for fixed-offset zones (all of Indonesia). For DST zones the offset is re-checked at the
 * first guess, which settles every wall time except those skipped by a spring-forward gap
 * (shifted by the gap) or repeated by a fall-back (one of the two instants).
 */
export function instantFromLocal(local: LocalDateTime, timeZone: string): Date {
  const wallMs = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second ?? 0,
    local.millisecond ?? 0,
  );
  const firstOffset = offsetMsAt(new Date(wallMs), timeZone);
  const guess = wallMs - firstOffset;
  const secondOffset = offsetMsAt(new Date(guess), timeZone);
  return new Date(secondOffset === firstOffset ? guess : wallMs - secondOffset);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** 'YYYY-MM-DD' from date parts. */
export function dateKeyOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** The local calendar date of `instant` in `timeZone`, as 'YYYY-MM-DD'. */
export function localDateKey(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return dateKeyOf(p.year, p.month, p.day);
}

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD'; undefined when malformed or not a real date (e.g. '2026-02-30'). */
export function parseDateKey(key: string): { year: number; month: number; day: number } | undefined {
  const match = DATE_KEY.exec(key);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

/**
 * The local calendar day of an instant as dayNumberOf numbers it, without building its parts: the
 * working calendar asks this twice for every span it measures, millions of times for a month's report.
 */
export function localDayNumber(ms: number, timeZone: string): number {
  const offset = offsetOfQuarter(ms, timeZone);
  if (offset !== null) return Math.floor((ms + offset) / DAY_MS);
  const p = partsByIntl(new Date(ms), timeZone);
  return dayNumberOf(p.year, p.month, p.day);
}

/** Days since 1970-01-01 of a calendar date: lets callers step through local days with `+ 1`. */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Inverse of dayNumberOf. */
export function dateOfDayNumber(dayNumber: number): { year: number; month: number; day: number } {
  const d = new Date(dayNumber * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Indonesian zone names as used in official letters; Ujung_Pandang is the old alias of Makassar. */
const INDONESIAN_ZONE_LABELS: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/**
 * 'WIB' / 'WITA' / 'WIT' for Indonesian zones, otherwise the UTC offset ('UTC+7', 'UTC+5:30',
 * 'UTC-3', 'UTC'). The offset is taken at `at` because DST zones have two; when omitted, the
 * current instant is used.
 */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
  const direct = INDONESIAN_ZONE_LABELS[timeZone];
  if (direct !== undefined) return direct;
  // Intl normalises case ('asia/jakarta') and, in current ICU, old aliases.
  const resolved = formatterFor(timeZone).resolvedOptions().timeZone;
  const viaResolved = INDONESIAN_ZONE_LABELS[resolved];
  if (viaResolved !== undefined) return viaResolved;

  const offsetMinutes = Math.round(offsetMsAt(at, timeZone) / MINUTE_MS);
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const hours = Math.floor(abs / 60);
  const minutes = abs % 60;
  return minutes === 0 ? `UTC${sign}${hours}` : `UTC${sign}${hours}:${pad2(minutes)}`;
}
