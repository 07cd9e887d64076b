import { describe, it, expect } from 'vitest';
import {
  dateKeyOf,
  dateOfDayNumber,
  dayNumberOf,
  instantFromLocal,
  isValidTimeZone,
  localDateKey,
  localParts,
  offsetMsAt,
  parseDateKey,
  zoneLabel,
} from './zoned-time.ts';

describe('localParts', () => {
  it.each([
    // instant, zone, expected wall clock
    ['2026-11-23T06:30:00Z', 'Asia/Jakarta', [2026, 11, 23, 13, 30, 0, 1]],
    ['2026-11-23T06:30:00Z', 'Asia/Makassar', [2026, 11, 23, 14, 30, 0, 1]],
    ['2026-11-23T06:30:00Z', 'Asia/Jayapura', [2026, 11, 23, 15, 30, 0, 1]],
    // Sunday evening UTC is already Monday morning in WIT.
    ['2026-11-22T22:15:45Z', 'Asia/Jayapura', [2026, 11, 23, 7, 15, 45, 1]],
    ['2026-11-22T22:15:45Z', 'Asia/Jakarta', [2026, 11, 23, 5, 15, 45, 1]],
    // Midnight is hour 0, never 24.
    ['2026-12-31T16:00:00Z', 'Asia/Makassar', [2027, 1, 1, 0, 0, 0, 5]],
    ['2026-07-01T12:00:00Z', 'Europe/Berlin', [2026, 7, 1, 14, 0, 0, 3]],
  ] as const)('%s in %s', (iso, zone, [year, month, day, hour, minute, second, weekday]) => {
    expect(localParts(new Date(iso), zone)).toEqual({ year, month, day, hour, minute, second, weekday });
  });

  it('rejects an unknown zone with a RangeError', () => {
    expect(() => localParts(new Date(), 'Asia/Atlantis')).toThrow(RangeError);
  });

  // localParts keeps offsets per quarter hour; Intl itself is the reference, second by second
  // around offset changes (DST, Lord Howe's half-hour DST, Jakarta's 1924 change from local mean
  // time at +7:07:12) and at random instants.
  it.each([
    ['Europe/Berlin', '2026-03-29T01:00:00Z'],
    ['Europe/Berlin', '2026-10-25T01:00:00Z'],
    ['America/New_York', '2026-03-08T07:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
    ['Asia/Kathmandu', '1985-12-31T18:30:00Z'],
    ['Asia/Jakarta', '1923-12-31T16:40:00Z'],
    ['Asia/Makassar', '2026-11-23T00:00:00Z'],
  ])('agrees with Intl in %s around %s', (zone, iso) => {
    const intl = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const reference = (instant: Date) => {
      const p = Object.fromEntries(intl.formatToParts(instant).map((part) => [part.type, part.value]));
      return {
        year: Number(p.year),
        month: Number(p.month),
        day: Number(p.day),
        hour: Number(p.hour),
        minute: Number(p.minute),
        second: Number(p.second),
        weekday: weekdays.indexOf(p.weekday!),
      };
    };
    const around = new Date(iso).getTime();
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5) * 2;
    const instants = [
      ...Array.from({ length: 1200 }, (_, n) => around + (n - 600) * 7_000),
      ...Array.from({ length: 300 }, () => around + Math.round(random() * 400 * 86_400_000)),
    ];
    for (const ms of instants) expect(localParts(new Date(ms), zone)).toEqual(reference(new Date(ms)));
  });
});

describe('instantFromLocal', () => {
  it.each([
    [{ year: 2026, month: 11, day: 23, hour: 7, minute: 30 }, 'Asia/Jakarta', '2026-11-23T07:30:00+07:00'],
    [{ year: 2026, month: 11, day: 23, hour: 7, minute: 30 }, 'Asia/Makassar', '2026-11-23T07:30:00+08:00'],
    [{ year: 2026, month: 11, day: 23, hour: 7, minute: 30 }, 'Asia/Jayapura', '2026-11-23T07:30:00+09:00'],
    [{ year: 2027, month: 1, day: 1, hour: 0, minute: 0 }, 'Asia/Jayapura', '2027-01-01T00:00:00+09:00'],
    [{ year: 2026, month: 3, day: 1, hour: 24, minute: 0 }, 'Asia/Makassar', '2026-03-02T00:00:00+08:00'],
    [
      { year: 2026, month: 5, day: 4, hour: 9, minute: 0, second: 5 },
      'Asia/Kolkata',
      '2026-05-04T09:00:05+05:30',
    ],
    // DST zones: winter and summer offsets, including the days right after each switch.
    [{ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }, 'Europe/Berlin', '2026-01-15T09:00:00+01:00'],
    [{ year: 2026, month: 3, day: 30, hour: 9, minute: 0 }, 'Europe/Berlin', '2026-03-30T09:00:00+02:00'],
    [{ year: 2026, month: 10, day: 26, hour: 9, minute: 0 }, 'Europe/Berlin', '2026-10-26T09:00:00+01:00'],
    [{ year: 2026, month: 3, day: 8, hour: 12, minute: 0 }, 'America/New_York', '2026-03-08T12:00:00-04:00'],
  ] as const)('%o in %s', (local, zone, expected) => {
    expect(instantFromLocal(local, zone).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('round-trips with localParts every 37 minutes over a year in each Indonesian zone', () => {
    for (const zone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 37 * 60_000 * 97) {
        const p = localParts(new Date(ms), zone);
        expect(instantFromLocal(p, zone).getTime()).toBe(ms);
      }
    }
  });
});

describe('offsetMsAt', () => {
  it('ignores milliseconds of the instant', () => {
    expect(offsetMsAt(new Date('2026-11-23T06:30:00.999Z'), 'Asia/Makassar')).toBe(8 * 3_600_000);
  });
});

describe('zoneLabel', () => {
  it.each([
    ['Asia/Jakarta', 'WIB'],
    ['Asia/Pontianak', 'WIB'],
    ['Asia/Makassar', 'WITA'],
    ['Asia/Ujung_Pandang', 'WITA'],
    ['Asia/Jayapura', 'WIT'],
    ['asia/jakarta', 'WIB'],
    ['Asia/Tokyo', 'UTC+9'],
    ['Asia/Bangkok', 'UTC+7'],
    ['Asia/Kolkata', 'UTC+5:30'],
    ['Asia/Kathmandu', 'UTC+5:45'],
    ['America/Sao_Paulo', 'UTC-3'],
    ['UTC', 'UTC'],
    ['Etc/GMT-8', 'UTC+8'],
  ])('%s -> %s', (zone, label) => {
    expect(zoneLabel(zone, new Date('2026-11-23T00:00:00Z'))).toBe(label);
  });

  it('takes the offset of a DST zone at the given instant', () => {
    expect(zoneLabel('Europe/Berlin', new Date('2026-01-15T12:00:00Z'))).toBe('UTC+1');
    expect(zoneLabel('Europe/Berlin', new Date('2026-07-15T12:00:00Z'))).toBe('UTC+2');
  });
});

describe('local dates', () => {
  it.each([
    ['2026-11-22T16:59:59Z', 'Asia/Jakarta', '2026-11-22'],
    ['2026-11-22T17:00:00Z', 'Asia/Jakarta', '2026-11-23'],
    ['2026-11-22T16:00:00Z', 'Asia/Makassar', '2026-11-23'],
    ['2026-11-22T15:00:00Z', 'Asia/Jayapura', '2026-11-23'],
    ['2026-12-31T15:30:00Z', 'Asia/Jayapura', '2027-01-01'],
  ])('localDateKey(%s, %s) = %s', (iso, zone, key) => {
    expect(localDateKey(new Date(iso), zone)).toBe(key);
  });

  it.each([
    ['2026-11-23', { year: 2026, month: 11, day: 23 }],
    ['2028-02-29', { year: 2028, month: 2, day: 29 }],
    ['2026-02-29', undefined],
    ['2026-13-01', undefined],
    ['2026-1-01', undefined],
    ['23-11-2026', undefined],
    ['', undefined],
  ])('parseDateKey(%j)', (key, expected) => {
    expect(parseDateKey(key)).toEqual(expected);
  });

  it('numbers days so that +1 is the next calendar day, across month and year ends', () => {
    const n = dayNumberOf(2026, 12, 31);
    expect(dateOfDayNumber(n + 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(dayNumberOf(1970, 1, 1)).toBe(0);
    expect(dateKeyOf(2026, 3, 5)).toBe('2026-03-05');
  });

  it('knows which zones exist', () => {
    expect(isValidTimeZone('Asia/Makassar')).toBe(true);
    expect(isValidTimeZone('Asia/Atlantis')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
