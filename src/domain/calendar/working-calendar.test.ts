import { describe, it, expect } from 'vitest';
import { HOLIDAYS_2026 } from './holidays-2026.ts';
import { CalendarSettingsError, createWorkingCalendar, DEFAULT_OFFICE_HOURS } from './working-calendar.ts';
import type { CalendarSettings } from './working-calendar.ts';

// Kaltim-style office (WITA): Mon-Thu 07:30-16:00, Fri 07:30-11:00, 2026 holidays. Useful dates:
// Fri 20 Nov, Mon 23 Nov, Fri 27 Nov 2026; 24 Dec cuti bersama, 25 Dec Natal; 2027 ships no holidays.
const wita = createWorkingCalendar({
  timeZone: 'Asia/Makassar',
  hours: DEFAULT_OFFICE_HOURS,
  holidays: HOLIDAYS_2026,
});

const iso = (value: string): string => new Date(value).toISOString();

describe('nextWorkingInstant', () => {
  it.each([
    ['inside hours stays put', '2026-11-23T10:00:00+08:00', '2026-11-23T10:00:00+08:00'],
    ['exactly at opening', '2026-11-23T07:30:00+08:00', '2026-11-23T07:30:00+08:00'],
    ['one second before closing', '2026-11-23T15:59:59+08:00', '2026-11-23T15:59:59+08:00'],
    ['before opening', '2026-11-23T06:00:00+08:00', '2026-11-23T07:30:00+08:00'],
    ['after hours', '2026-11-23T17:00:00+08:00', '2026-11-24T07:30:00+08:00'],
    ['exactly at closing', '2026-11-23T16:00:00+08:00', '2026-11-24T07:30:00+08:00'],
    ['Friday after the short day', '2026-11-20T11:00:00+08:00', '2026-11-23T07:30:00+08:00'],
    ['Friday evening', '2026-11-20T17:00:00+08:00', '2026-11-23T07:30:00+08:00'],
    ['Saturday', '2026-11-21T09:00:00+08:00', '2026-11-23T07:30:00+08:00'],
    ['Sunday just before midnight', '2026-11-22T23:59:00+08:00', '2026-11-23T07:30:00+08:00'],
    ['UTC Sunday that is Monday morning in WITA', '2026-11-22T23:45:00Z', '2026-11-23T07:45:00+08:00'],
    ['Christmas: cuti 24, Natal 25, weekend', '2026-12-23T16:30:00+08:00', '2026-12-28T07:30:00+08:00'],
    ['Hari Kemerdekaan (Monday)', '2026-08-17T09:00:00+08:00', '2026-08-18T07:30:00+08:00'],
    ['Nyepi + Idul Fitri + cuti bersama block', '2026-03-17T16:00:00+08:00', '2026-03-25T07:30:00+08:00'],
    ['New Year 2026 holiday', '2026-01-01T08:00:00+08:00', '2026-01-02T07:30:00+08:00'],
    ['into 2027 (no holidays shipped)', '2026-12-31T17:00:00+08:00', '2027-01-01T07:30:00+08:00'],
  ])('%s: %s -> %s', (_name, at, expected) => {
    expect(wita.nextWorkingInstant(new Date(at)).toISOString()).toBe(iso(expected));
  });
});

describe('addWorkingMinutes', () => {
  it.each([
    ['plain', '2026-11-23T09:00:00+08:00', 60, '2026-11-23T10:00:00+08:00'],
    ['Friday short day', '2026-11-20T10:30:00+08:00', 60, '2026-11-23T08:00:00+08:00'],
    ['lands on closing time', '2026-11-23T15:00:00+08:00', 60, '2026-11-23T16:00:00+08:00'],
    ['lands on Friday closing', '2026-11-20T10:00:00+08:00', 60, '2026-11-20T11:00:00+08:00'],
    ['whole day from opening', '2026-11-23T07:30:00+08:00', 510, '2026-11-23T16:00:00+08:00'],
    ['one minute past a whole day', '2026-11-23T07:30:00+08:00', 511, '2026-11-24T07:31:00+08:00'],
    ['a whole week (37.5 h)', '2026-11-23T07:30:00+08:00', 2250, '2026-11-27T11:00:00+08:00'],
    ['after hours', '2026-11-23T17:00:00+08:00', 30, '2026-11-24T08:00:00+08:00'],
    ['before opening', '2026-11-23T06:00:00+08:00', 30, '2026-11-23T08:00:00+08:00'],
    ['weekend', '2026-11-21T13:00:00+08:00', 90, '2026-11-23T09:00:00+08:00'],
    ['zero inside hours', '2026-11-23T09:10:00+08:00', 0, '2026-11-23T09:10:00+08:00'],
    ['zero on Saturday', '2026-11-21T09:00:00+08:00', 0, '2026-11-23T07:30:00+08:00'],
    ['zero at closing time', '2026-11-23T16:00:00+08:00', 0, '2026-11-24T07:30:00+08:00'],
    ['Christmas split', '2026-12-23T15:00:00+08:00', 120, '2026-12-28T08:30:00+08:00'],
    ['Christmas after hours', '2026-12-23T16:30:00+08:00', 60, '2026-12-28T08:30:00+08:00'],
    ['into 2027', '2026-12-31T15:00:00+08:00', 240, '2027-01-01T10:30:00+08:00'],
    ['Idul Adha + cuti', '2026-05-26T15:30:00+08:00', 60, '2026-05-29T08:00:00+08:00'],
    ['keeps seconds', '2026-11-23T09:00:30+08:00', 1.5, '2026-11-23T09:02:00+08:00'],
  ])('%s: %s + %i min -> %s', (_name, at, minutes, expected) => {
    expect(wita.addWorkingMinutes(new Date(at), minutes).toISOString()).toBe(iso(expected));
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['plain week', '2026-11-23T10:00:00+08:00', 5, '2026-11-30T10:00:00+08:00'],
    ['Friday closes before the clock time', '2026-11-23T14:00:00+08:00', 4, '2026-11-27T11:00:00+08:00'],
    ['from opening', '2026-11-23T07:30:00+08:00', 1, '2026-11-24T07:30:00+08:00'],
    ['Friday after hours counts from Monday', '2026-11-20T17:00:00+08:00', 1, '2026-11-24T07:30:00+08:00'],
    ['from Friday morning', '2026-11-20T10:30:00+08:00', 1, '2026-11-23T10:30:00+08:00'],
    ['zero is the start', '2026-11-21T10:00:00+08:00', 0, '2026-11-23T07:30:00+08:00'],
    ['Kenaikan + cuti inside 5 days', '2026-05-11T14:00:00+08:00', 5, '2026-05-20T14:00:00+08:00'],
    ['17 Aug inside 5 days', '2026-08-13T09:00:00+08:00', 5, '2026-08-21T09:00:00+08:00'],
    ['Idul Fitri block', '2026-03-17T10:00:00+08:00', 1, '2026-03-25T10:00:00+08:00'],
    ['Christmas then into 2027', '2026-12-23T16:30:00+08:00', 5, '2027-01-04T07:30:00+08:00'],
    ['14 days', '2026-11-23T09:00:00+08:00', 14, '2026-12-11T09:00:00+08:00'],
    ['keeps seconds', '2026-11-23T09:00:30.250+08:00', 1, '2026-11-24T09:00:30.250+08:00'],
  ])('%s: %s + %i days -> %s', (_name, at, days, expected) => {
    expect(wita.addWorkingDays(new Date(at), days).toISOString()).toBe(iso(expected));
  });

  it('takes the opening when the target day opens later than the clock time', () => {
    const lateTuesday = createWorkingCalendar({
      timeZone: 'Asia/Makassar',
      hours: { mon: { start: '07:30', end: '16:00' }, tue: { start: '09:00', end: '15:00' } },
      holidays: [],
    });
    expect(lateTuesday.addWorkingDays(new Date('2026-11-23T07:45:00+08:00'), 1).toISOString()).toBe(
      iso('2026-11-24T09:00:00+08:00'),
    );
    expect(lateTuesday.addWorkingDays(new Date('2026-11-23T15:30:00+08:00'), 1).toISOString()).toBe(
      iso('2026-11-24T15:00:00+08:00'),
    );
  });
});

describe('add (days first, then minutes)', () => {
  it.each([
    ['5 hari', '2026-11-23T14:00:00+08:00', 5, 0, '2026-11-30T14:00:00+08:00'],
    ['4 hari ends at Friday closing', '2026-11-23T14:00:00+08:00', 4, 0, '2026-11-27T11:00:00+08:00'],
    ['4 hari 30 menit rolls to Monday', '2026-11-23T14:00:00+08:00', 4, 30, '2026-11-30T08:00:00+08:00'],
    ['60 menit over the weekend', '2026-11-20T10:30:00+08:00', 0, 60, '2026-11-23T08:00:00+08:00'],
    ['1 hari 60 menit', '2026-11-23T10:00:00+08:00', 1, 60, '2026-11-24T11:00:00+08:00'],
    ['nothing from Saturday', '2026-11-21T10:00:00+08:00', 0, 0, '2026-11-23T07:30:00+08:00'],
  ])('%s', (_name, at, days, minutes, expected) => {
    expect(wita.add(new Date(at), { days, minutes }).toISOString()).toBe(iso(expected));
  });
});

describe('workingMinutesBetween', () => {
  it.each([
    ['reversed', '2026-11-23T12:00:00+08:00', '2026-11-23T10:00:00+08:00', 0],
    ['equal', '2026-11-23T12:00:00+08:00', '2026-11-23T12:00:00+08:00', 0],
    ['a whole day', '2026-11-23T07:30:00+08:00', '2026-11-23T16:00:00+08:00', 510],
    ['night to night', '2026-11-22T20:00:00+08:00', '2026-11-23T20:00:00+08:00', 510],
    ['over the weekend', '2026-11-20T10:30:00+08:00', '2026-11-23T08:00:00+08:00', 60],
    ['weekend only', '2026-11-21T00:00:00+08:00', '2026-11-23T00:00:00+08:00', 0],
    ['a week', '2026-11-23T07:30:00+08:00', '2026-11-30T07:30:00+08:00', 2250],
    ['Christmas', '2026-12-23T15:00:00+08:00', '2026-12-28T08:30:00+08:00', 120],
    ['into 2027', '2026-12-31T15:00:00+08:00', '2027-01-01T10:30:00+08:00', 240],
    ['seconds give fractions', '2026-11-23T09:00:00+08:00', '2026-11-23T09:00:30+08:00', 0.5],
  ])('%s', (_name, from, to, minutes) => {
    expect(wita.workingMinutesBetween(new Date(from), new Date(to))).toBe(minutes);
  });
});

describe('WIB, WITA and WIT follow the same wall clock', () => {
  const zones = [
    ['Asia/Jakarta', '+07:00'],
    ['Asia/Makassar', '+08:00'],
    ['Asia/Jayapura', '+09:00'],
  ] as const;

  it.each(zones)(
    '%s: Friday 10:30 + 60 min -> Monday 08:00, + 5 days -> Friday 11:00',
    (timeZone, offset) => {
      const calendar = createWorkingCalendar({
        timeZone,
        hours: DEFAULT_OFFICE_HOURS,
        holidays: HOLIDAYS_2026,
      });
      const friday = new Date(`2026-11-20T10:30:00${offset}`);
      expect(calendar.addWorkingMinutes(friday, 60).toISOString()).toBe(iso(`2026-11-23T08:00:00${offset}`));
      expect(calendar.addWorkingDays(friday, 5).toISOString()).toBe(iso(`2026-11-27T10:30:00${offset}`));
      expect(calendar.nextWorkingInstant(new Date(`2026-12-23T16:30:00${offset}`)).toISOString()).toBe(
        iso(`2026-12-28T07:30:00${offset}`),
      );
    },
  );

  it('one instant is open in WIB but closed in WITA and WIT', () => {
    const instant = new Date('2026-11-20T03:30:00Z'); // Fri 10:30 WIB, 11:30 WITA, 12:30 WIT
    const next = zones.map(([timeZone]) =>
      createWorkingCalendar({ timeZone, hours: DEFAULT_OFFICE_HOURS, holidays: [] })
        .nextWorkingInstant(instant)
        .toISOString(),
    );
    expect(next).toEqual([
      iso('2026-11-20T10:30:00+07:00'),
      iso('2026-11-23T07:30:00+08:00'),
      iso('2026-11-23T07:30:00+09:00'),
    ]);
  });
});

describe('a DST zone (general correctness)', () => {
  const berlin = createWorkingCalendar({
    timeZone: 'Europe/Berlin',
    hours: { mon: { start: '09:00', end: '17:00' }, fri: { start: '09:00', end: '17:00' } },
    holidays: [],
  });

  it('keeps office hours on local time across the March switch', () => {
    const friday = new Date('2026-03-27T16:00:00+01:00');
    expect(berlin.addWorkingMinutes(friday, 120).toISOString()).toBe(iso('2026-03-30T10:00:00+02:00'));
    expect(berlin.addWorkingDays(friday, 1).toISOString()).toBe(iso('2026-03-30T16:00:00+02:00'));
    expect(berlin.workingMinutesBetween(new Date('2026-03-27T09:00:00+01:00'), friday)).toBe(420);
  });
});

describe('days and hours', () => {
  it.each([
    ['2026-11-23', true],
    ['2026-11-21', false],
    ['2026-11-22', false],
    ['2026-12-24', false],
    ['2026-12-25', false],
    ['2026-08-17', false],
    ['2027-01-01', true],
  ])('isWorkingDay(%s) = %s', (key, expected) => {
    expect(wita.isWorkingDay(key)).toBe(expected);
  });

  it.each([
    ['2026-11-23T07:30:00+08:00', true],
    ['2026-11-23T07:29:59+08:00', false],
    ['2026-11-23T15:59:00+08:00', true],
    ['2026-11-23T16:00:00+08:00', false],
    ['2026-11-20T10:59:00+08:00', true],
    ['2026-11-20T11:00:00+08:00', false],
    ['2026-11-21T10:00:00+08:00', false],
    ['2026-12-24T10:00:00+08:00', false],
  ])('isWithinOfficeHours(%s) = %s', (at, expected) => {
    expect(wita.isWithinOfficeHours(new Date(at))).toBe(expected);
  });

  it('names the holiday of a date', () => {
    expect(wita.holidayOn('2026-12-24')).toEqual({
      date: '2026-12-24',
      name: 'Cuti Bersama Hari Raya Natal',
      kind: 'cuti_bersama',
    });
    expect(wita.holidayOn('2026-11-23')).toBeUndefined();
  });
});

describe('settings and input checks', () => {
  const base: CalendarSettings = { timeZone: 'Asia/Makassar', hours: DEFAULT_OFFICE_HOURS, holidays: [] };

  it.each([
    ['unknown zone', { timeZone: 'Asia/Balangan' }, /timeZone: unknown IANA time zone 'Asia\/Balangan'/],
    ['single-digit hour', { hours: { mon: { start: '7:30', end: '16:00' } } }, /hours\.mon\.start: '7:30'/],
    ['hour 25', { hours: { mon: { start: '07:30', end: '25:00' } } }, /hours\.mon\.end: '25:00'/],
    ['minute 60', { hours: { fri: { start: '07:60', end: '11:00' } } }, /hours\.fri\.start: '07:60'/],
    [
      'end before start',
      { hours: { fri: { start: '11:00', end: '07:30' } } },
      /hours\.fri: end '07:30' must be after/,
    ],
    [
      'empty span',
      { hours: { fri: { start: '11:00', end: '11:00' } } },
      /hours\.fri: end '11:00' must be after/,
    ],
    [
      'unknown weekday',
      { hours: { monday: { start: '07:30', end: '16:00' } } },
      /hours\.monday: unknown weekday/,
    ],
    ['bad holiday date', { holidays: [{ date: '2026-02-30', name: 'x', kind: 'x' }] }, /holidays\[0\]\.date/],
  ])('rejects %s', (_name, override, message) => {
    expect(() => createWorkingCalendar({ ...base, ...override } as CalendarSettings)).toThrow(message);
  });

  it('lists every problem at once', () => {
    const settings = { ...base, timeZone: 'Nowhere', hours: { mon: { start: 'x', end: '16:00' } } };
    let caught: unknown;
    try {
      createWorkingCalendar(settings);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CalendarSettingsError);
    expect((caught as CalendarSettingsError).problems).toHaveLength(2);
  });

  it('accepts 24:00 as a closing time', () => {
    const late = createWorkingCalendar({ ...base, hours: { mon: { start: '20:00', end: '24:00' } } });
    expect(late.addWorkingMinutes(new Date('2026-11-23T23:00:00+08:00'), 90).toISOString()).toBe(
      iso('2026-11-30T20:30:00+08:00'),
    );
  });

  it('throws a clear error instead of looping when nothing is ever open', () => {
    const closed = createWorkingCalendar({ ...base, hours: {} });
    expect(() => closed.nextWorkingInstant(new Date('2026-11-23T10:00:00+08:00'))).toThrow(/no working day/);
    expect(() => closed.addWorkingDays(new Date('2026-11-23T10:00:00+08:00'), 1)).toThrow(/no working day/);
  });

  it.each([
    ['negative minutes', () => wita.addWorkingMinutes(new Date(), -1)],
    ['NaN minutes', () => wita.addWorkingMinutes(new Date(), Number.NaN)],
    ['fractional days', () => wita.addWorkingDays(new Date(), 1.5)],
    ['invalid date', () => wita.nextWorkingInstant(new Date('not a date'))],
    ['bad date key', () => wita.isWorkingDay('23/11/2026')],
  ])('rejects %s with a RangeError', (_name, call) => {
    expect(call).toThrow(RangeError);
  });

  it('keeps its own frozen copy of the settings', () => {
    const hours = { mon: { start: '07:30', end: '16:00' } };
    const calendar = createWorkingCalendar({ ...base, hours });
    hours.mon.end = '08:00';
    expect(calendar.settings.hours.mon).toEqual({ start: '07:30', end: '16:00' });
    expect(Object.isFrozen(calendar.settings)).toBe(true);
    expect(calendar.addWorkingMinutes(new Date('2026-11-23T07:30:00+08:00'), 60).toISOString()).toBe(
      iso('2026-11-23T08:30:00+08:00'),
    );
  });
});
