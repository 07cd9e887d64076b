import { describe, expect, it } from 'vitest';
import { formatTimeStandard, parseTimeStandard, sumTimeStandards } from './time-standard.ts';

describe('parseTimeStandard', () => {
  it.each([
    ['60 menit', { days: 0, minutes: 60 }],
    ['30 Menit', { days: 0, minutes: 30 }],
    ['5 hari', { days: 5, minutes: 0 }],
    ['2 jam', { days: 0, minutes: 120 }],
    ['1 hari 2 jam', { days: 1, minutes: 120 }],
    ['7 hari 8 jam 30 menit', { days: 7, minutes: 510 }],
    ['  14  hari kerja ', { days: 14, minutes: 0 }],
    ['120menit', { days: 0, minutes: 120 }],
    ['3 days 2 hours', { days: 3, minutes: 120 }],
  ])('reads %j', (text, expected) => {
    expect(parseTimeStandard(text)).toEqual(expected);
  });

  it.each(['', '60', 'segera', '1,5 hari', '5 minggu', '1 hari 1 hari', '60 menit lagi'])(
    'refuses %j',
    (text) => {
      expect(parseTimeStandard(text)).toBeNull();
    },
  );
});

describe('sum and format', () => {
  it('keeps days and minutes apart: 510 minutes stay "8 jam 30 menit"', () => {
    const balangan = [
      '60 menit',
      '60 menit',
      '60 menit',
      '60 menit',
      '60 menit',
      '60 menit',
      '5 hari',
      '2 hari',
      '60 menit',
      '30 menit',
      '60 menit',
    ];
    const total = sumTimeStandards(
      balangan.map((text) => parseTimeStandard(text) ?? { days: 0, minutes: 0 }),
    );
    expect(total).toEqual({ days: 7, minutes: 510 });
    expect(formatTimeStandard(total)).toBe('7 hari 8 jam 30 menit');
    expect(formatTimeStandard(total, 'en')).toBe('7 days 8 hours 30 minutes');
  });

  it.each([
    [{ days: 0, minutes: 0 }, '0 menit', '0 minutes'],
    [{ days: 1, minutes: 60 }, '1 hari 1 jam', '1 day 1 hour'],
    [{ days: 0, minutes: 1 }, '1 menit', '1 minute'],
    [{ days: 2, minutes: 0 }, '2 hari', '2 days'],
    [{ days: 0, minutes: 1500 }, '25 jam', '25 hours'],
  ])('formats %j', (standard, id, en) => {
    expect(formatTimeStandard(standard)).toBe(id);
    expect(formatTimeStandard(standard, 'en')).toBe(en);
  });
});
