import { describe, it, expect } from 'vitest';
import { HOLIDAYS_2026 } from './holidays-2026.ts';
import { createWorkingCalendar, DEFAULT_OFFICE_HOURS } from './working-calendar.ts';
import type { WorkingCalendar } from './working-calendar.ts';

// Randomised but seeded: the same inputs on every run, so a failure can be replayed.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const calendars: WorkingCalendar[] = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'].map((timeZone) =>
  createWorkingCalendar({ timeZone, hours: DEFAULT_OFFICE_HOURS, holidays: HOLIDAYS_2026 }),
);

const START = Date.UTC(2025, 11, 1);
const SPAN_MS = 400 * 86_400_000; // Dec 2025 to early 2027: every 2026 holiday and the year ends

function randomCase(random: () => number) {
  const calendar = calendars[Math.floor(random() * calendars.length)]!;
  // Whole minutes, so results compare exactly; about a third land on :00 or :30 boundaries.
  const minuteStep = random() < 0.33 ? 30 : 1;
  const at = new Date(START + Math.floor((random() * SPAN_MS) / (minuteStep * 60_000)) * minuteStep * 60_000);
  return { calendar, at, random };
}

describe('addWorkingMinutes and workingMinutesBetween agree', () => {
  it('over 600 seeded cases', () => {
    const random = mulberry32(20261123);
    for (let i = 0; i < 600; i++) {
      const { calendar, at } = randomCase(random);
      const minutes = Math.floor(random() * 6000);
      const start = calendar.nextWorkingInstant(at);
      const end = calendar.addWorkingMinutes(at, minutes);
      const label = `${calendar.settings.timeZone} ${at.toISOString()} + ${minutes}`;
      expect(calendar.workingMinutesBetween(start, end), label).toBe(minutes);
      // Time outside office hours before the start counts for nothing.
      expect(calendar.workingMinutesBetween(at, end), label).toBe(minutes);
      // The result is open, or exactly a closing time (one instant earlier is open).
      const closingTime = calendar.isWithinOfficeHours(new Date(end.getTime() - 1));
      expect(calendar.isWithinOfficeHours(end) || closingTime, label).toBe(true);
    }
  });

  it('matches a minute-by-minute reference for short spans', () => {
    const random = mulberry32(17081945);
    for (let i = 0; i < 60; i++) {
      const { calendar, at } = randomCase(random);
      const minutes = 1 + Math.floor(random() * 600);
      // Reference: walk the clock one minute at a time, counting minutes that start inside hours.
      let cursor = at.getTime();
      for (let counted = 0; counted < minutes; cursor += 60_000) {
        if (calendar.isWithinOfficeHours(new Date(cursor))) counted++;
      }
      const label = `${calendar.settings.timeZone} ${at.toISOString()} + ${minutes}`;
      expect(calendar.addWorkingMinutes(at, minutes).toISOString(), label).toBe(
        new Date(cursor).toISOString(),
      );
    }
  });
});

// An independent way to read the local date ('en-CA' prints YYYY-MM-DD), cached per zone.
const dayKeyFormats = new Map<string, Intl.DateTimeFormat>();
function dayKeyFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayKeyFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayKeyFormats.set(timeZone, format);
  }
  return format;
}

describe('addWorkingDays', () => {
  it('lands on the n-th following working day, inside hours or at its closing', () => {
    const random = mulberry32(1945);
    for (let i = 0; i < 300; i++) {
      const { calendar, at } = randomCase(random);
      const days = Math.floor(random() * 15);
      const start = calendar.nextWorkingInstant(at);
      const end = calendar.addWorkingDays(at, days);
      const tz = calendar.settings.timeZone;
      const label = `${tz} ${at.toISOString()} + ${days} days`;

      // Count the working days strictly after the start day up to and including the end day.
      const dayKey = (d: Date) => dayKeyFormat(tz).format(d);
      let counted = 0;
      for (let ms = start.getTime(); dayKey(new Date(ms)) !== dayKey(end);) {
        ms += 86_400_000;
        if (calendar.isWorkingDay(dayKey(new Date(ms)))) counted++;
      }
      expect(counted, label).toBe(days);
      const open = calendar.isWithinOfficeHours(end);
      const closing = calendar.isWithinOfficeHours(new Date(end.getTime() - 1));
      expect(open || closing, label).toBe(true);
    }
  });
});

describe('speed', () => {
  it('adds 14 working days 2,000 times well under a second', () => {
    const calendar = calendars[1]!;
    const begin = performance.now();
    for (let i = 0; i < 2000; i++)
      calendar.add(new Date(START + i * 3_600_000 * 5), { days: 14, minutes: 30 });
    expect(performance.now() - begin).toBeLessThan(1000);
  });
});
