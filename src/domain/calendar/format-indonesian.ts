import { localParts, zoneLabel } from './zoned-time.ts';

/**
 * Dates and times as they appear in official letters and replies to citizens.
 *
 * Written out by hand rather than with Intl's 'id-ID' locale: ICU output differs between Node
 * builds (e.g. 'pukul' or not, '.' vs ':'), and a letter must read the same on every server.
 */

export type Lang = 'id' | 'en';

export interface FormatOptions {
  /** 'id' (default) for Indonesian, 'en' for English. */
  lang?: Lang;
}

const DAY_NAMES: Readonly<Record<Lang, readonly string[]>> = {
  id: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

const MONTH_NAMES: Readonly<Record<Lang, readonly string[]>> = {
  id: [
    'Januari',
    'Februari',
    'Maret',
    'April',
    'Mei',
    'Juni',
    'Juli',
    'Agustus',
    'September',
    'Oktober',
    'November',
    'Desember',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function nameAt(names: readonly string[], index: number): string {
  const name = names[index];
  if (name === undefined) throw new RangeError(`No name for index ${index}`);
  return name;
}

/** "22 November 2026" (same day-month-year order in English). */
export function formatTanggal(instant: Date, timeZone: string, options: FormatOptions = {}): string {
  const lang = options.lang ?? 'id';
  const p = localParts(instant, timeZone);
  return `${p.day} ${nameAt(MONTH_NAMES[lang], p.month - 1)} ${p.year}`;
}

/** "14.30 WITA" in Indonesian (dot, as in EYD), "14:30 WITA" in English. */
export function formatWaktu(instant: Date, timeZone: string, options: FormatOptions = {}): string {
  const lang = options.lang ?? 'id';
  const p = localParts(instant, timeZone);
  const separator = lang === 'id' ? '.' : ':';
  return `${pad2(p.hour)}${separator}${pad2(p.minute)} ${zoneLabel(timeZone, instant)}`;
}

/**
 * "Senin, 23 November 2026 pukul 14.30 WITA" /
 * "Monday, 23 November 2026 at 14:30 WITA".
 */
export function formatTanggalWaktu(instant: Date, timeZone: string, options: FormatOptions = {}): string {
  const lang = options.lang ?? 'id';
  const p = localParts(instant, timeZone);
  const dayName = nameAt(DAY_NAMES[lang], p.weekday);
  const joiner = lang === 'id' ? 'pukul' : 'at';
  return `${dayName}, ${formatTanggal(instant, timeZone, options)} ${joiner} ${formatWaktu(instant, timeZone, options)}`;
}

/** "November 2026" for month 11 of 2026 (a report's period). */
export function formatBulan(year: number, month: number, options: FormatOptions = {}): string {
  return `${nameAt(MONTH_NAMES[options.lang ?? 'id'], month - 1)} ${year}`;
}
