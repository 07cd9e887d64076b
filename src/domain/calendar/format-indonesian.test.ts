import { describe, it, expect } from 'vitest';
import { formatTanggal, formatTanggalWaktu, formatWaktu } from './format-indonesian.ts';

describe('formatTanggalWaktu', () => {
  it.each([
    ['2026-11-23T14:30:00+08:00', 'Asia/Makassar', 'id', 'Senin, 23 November 2026 pukul 14.30 WITA'],
    ['2026-11-23T14:30:00+08:00', 'Asia/Makassar', 'en', 'Monday, 23 November 2026 at 14:30 WITA'],
    ['2026-11-23T14:30:00+08:00', 'Asia/Jakarta', 'id', 'Senin, 23 November 2026 pukul 13.30 WIB'],
    ['2026-11-23T14:30:00+08:00', 'Asia/Jayapura', 'id', 'Senin, 23 November 2026 pukul 15.30 WIT'],
    // The local date, not the UTC one: late Sunday UTC is Monday morning in Papua.
    ['2026-11-22T23:05:00Z', 'Asia/Jayapura', 'id', 'Senin, 23 November 2026 pukul 08.05 WIT'],
    ['2026-11-22T23:05:00Z', 'Asia/Jayapura', 'en', 'Monday, 23 November 2026 at 08:05 WIT'],
    ['2027-01-01T00:00:00+07:00', 'Asia/Jakarta', 'id', 'Jumat, 1 Januari 2027 pukul 00.00 WIB'],
    ['2026-08-17T10:00:00+09:00', 'Asia/Tokyo', 'en', 'Monday, 17 August 2026 at 10:00 UTC+9'],
  ] as const)('%s in %s (%s)', (iso, zone, lang, expected) => {
    expect(formatTanggalWaktu(new Date(iso), zone, { lang })).toBe(expected);
  });

  it('defaults to Indonesian', () => {
    expect(formatTanggalWaktu(new Date('2026-12-28T07:30:00+08:00'), 'Asia/Makassar')).toBe(
      'Senin, 28 Desember 2026 pukul 07.30 WITA',
    );
  });

  it.each([
    ['2026-11-22', 'Minggu', 'Sunday'],
    ['2026-11-23', 'Senin', 'Monday'],
    ['2026-11-24', 'Selasa', 'Tuesday'],
    ['2026-11-25', 'Rabu', 'Wednesday'],
    ['2026-11-26', 'Kamis', 'Thursday'],
    ['2026-11-27', 'Jumat', 'Friday'],
    ['2026-11-28', 'Sabtu', 'Saturday'],
  ])('names %s %s / %s', (date, id, en) => {
    const instant = new Date(`${date}T09:00:00+08:00`);
    expect(formatTanggalWaktu(instant, 'Asia/Makassar')).toMatch(new RegExp(`^${id}, `));
    expect(formatTanggalWaktu(instant, 'Asia/Makassar', { lang: 'en' })).toMatch(new RegExp(`^${en}, `));
  });
});

describe('formatTanggal', () => {
  it.each([
    [1, '1 Januari 2026', '1 January 2026'],
    [2, '1 Februari 2026', '1 February 2026'],
    [3, '1 Maret 2026', '1 March 2026'],
    [4, '1 April 2026', '1 April 2026'],
    [5, '1 Mei 2026', '1 May 2026'],
    [6, '1 Juni 2026', '1 June 2026'],
    [7, '1 Juli 2026', '1 July 2026'],
    [8, '1 Agustus 2026', '1 August 2026'],
    [9, '1 September 2026', '1 September 2026'],
    [10, '1 Oktober 2026', '1 October 2026'],
    [11, '1 November 2026', '1 November 2026'],
    [12, '1 Desember 2026', '1 December 2026'],
  ])('month %i', (month, id, en) => {
    const instant = new Date(`2026-${String(month).padStart(2, '0')}-01T12:00:00+07:00`);
    expect(formatTanggal(instant, 'Asia/Jakarta')).toBe(id);
    expect(formatTanggal(instant, 'Asia/Jakarta', { lang: 'en' })).toBe(en);
  });

  it('uses the local date of the zone', () => {
    expect(formatTanggal(new Date('2026-11-22T16:30:00Z'), 'Asia/Jakarta')).toBe('22 November 2026');
    expect(formatTanggal(new Date('2026-11-22T16:30:00Z'), 'Asia/Makassar')).toBe('23 November 2026');
  });
});

describe('formatWaktu', () => {
  it.each([
    ['2026-11-23T14:30:00+08:00', 'Asia/Makassar', 'id', '14.30 WITA'],
    ['2026-11-23T14:30:00+08:00', 'Asia/Makassar', 'en', '14:30 WITA'],
    ['2026-11-23T07:05:59+07:00', 'Asia/Jakarta', 'id', '07.05 WIB'],
    ['2026-11-23T23:59:00+09:00', 'Asia/Jayapura', 'id', '23.59 WIT'],
    ['2026-11-23T09:00:00+05:30', 'Asia/Kolkata', 'en', '09:00 UTC+5:30'],
  ] as const)('%s in %s (%s) -> %s', (iso, zone, lang, expected) => {
    expect(formatWaktu(new Date(iso), zone, { lang })).toBe(expected);
  });
});
