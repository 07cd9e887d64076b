import type { TimeStandard } from '../calendar/working-calendar.ts';

export type { TimeStandard } from '../calendar/working-calendar.ts';

/**
 * SOP time standards ("Waktu" in the Mutu Baku column): "60 menit", "30 Menit", "5 hari", "2 jam",
 * "1 hari 2 jam". Days and minutes are kept apart on purpose: a working day is not a fixed number
 * of minutes (Friday is short), and the SOPs themselves write totals as "7 hari 8 jam 30 menit".
 */

export type TimeLanguage = 'id' | 'en';

const UNIT_MINUTES: Record<string, { days: number; minutes: number }> = {
  hari: { days: 1, minutes: 0 },
  day: { days: 1, minutes: 0 },
  days: { days: 1, minutes: 0 },
  jam: { days: 0, minutes: 60 },
  hour: { days: 0, minutes: 60 },
  hours: { days: 0, minutes: 60 },
  menit: { days: 0, minutes: 1 },
  minute: { days: 0, minutes: 1 },
  minutes: { days: 0, minutes: 1 },
  min: { days: 0, minutes: 1 },
};

// "kerja" is allowed after a unit ("5 hari kerja"): every standard counts working time anyway.
const PART = /(\d+)\s*([a-z]+)(?:\s+kerja)?/y;

/** Parses a written time standard; null when it is not one (the caller words the error). */
export function parseTimeStandard(text: string): TimeStandard | null {
  const source = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (source === '') return null;
  const seen = new Set<string>();
  let days = 0;
  let minutes = 0;
  let index = 0;
  while (index < source.length) {
    PART.lastIndex = index;
    const match = PART.exec(source);
    if (match === null) return null;
    const unitName = match[2] ?? '';
    const unit = UNIT_MINUTES[unitName];
    if (unit === undefined) return null;
    // "1 hari 1 hari" is more likely a typo than a sum.
    const kind = unit.days > 0 ? 'd' : unit.minutes === 60 ? 'h' : 'm';
    if (seen.has(kind)) return null;
    seen.add(kind);
    const amount = Number(match[1]);
    days += amount * unit.days;
    minutes += amount * unit.minutes;
    index = PART.lastIndex;
    if (source[index] === ' ') index++;
  }
  return { days, minutes };
}

export function sumTimeStandards(standards: readonly TimeStandard[]): TimeStandard {
  return standards.reduce<TimeStandard>(
    (total, s) => ({ days: total.days + s.days, minutes: total.minutes + s.minutes }),
    { days: 0, minutes: 0 },
  );
}

export function sameTimeStandard(a: TimeStandard, b: TimeStandard): boolean {
  return a.days === b.days && a.minutes === b.minutes;
}

const WORDS: Record<
  TimeLanguage,
  { day: [string, string]; hour: [string, string]; minute: [string, string] }
> = {
  id: { day: ['hari', 'hari'], hour: ['jam', 'jam'], minute: ['menit', 'menit'] },
  en: { day: ['day', 'days'], hour: ['hour', 'hours'], minute: ['minute', 'minutes'] },
};

/** "7 hari 8 jam 30 menit" / "7 days 8 hours 30 minutes"; minutes never roll over into days. */
export function formatTimeStandard(standard: TimeStandard, language: TimeLanguage = 'id'): string {
  const words = WORDS[language];
  const word = (n: number, [one, many]: [string, string]): string => `${n} ${n === 1 ? one : many}`;
  const hours = Math.floor(standard.minutes / 60);
  const minutes = standard.minutes % 60;
  const parts: string[] = [];
  if (standard.days > 0) parts.push(word(standard.days, words.day));
  if (hours > 0) parts.push(word(hours, words.hour));
  if (minutes > 0) parts.push(word(minutes, words.minute));
  return parts.length > 0 ? parts.join(' ') : word(0, words.minute);
}
