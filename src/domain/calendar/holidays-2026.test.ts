import { describe, it, expect } from 'vitest';
import { HOLIDAYS_2026 } from './holidays-2026.ts';
import { parseDateKey } from './zoned-time.ts';

const dates = (kind: string): string[] => HOLIDAYS_2026.filter((h) => h.kind === kind).map((h) => h.date);

describe('HOLIDAYS_2026', () => {
  it('has exactly the national holidays of domain.md', () => {
    expect(dates('libur_nasional')).toEqual([
      '2026-01-01',
      '2026-01-16',
      '2026-02-17',
      '2026-03-19',
      '2026-03-21',
      '2026-03-22',
      '2026-04-03',
      '2026-04-05',
      '2026-05-01',
      '2026-05-14',
      '2026-05-27',
      '2026-05-31',
      '2026-06-01',
      '2026-06-16',
      '2026-08-17',
      '2026-08-25',
      '2026-12-25',
    ]);
  });

  it('has exactly the cuti bersama of domain.md', () => {
    expect(dates('cuti_bersama')).toEqual([
      '2026-02-16',
      '2026-03-18',
      '2026-03-20',
      '2026-03-23',
      '2026-03-24',
      '2026-05-15',
      '2026-05-28',
      '2026-12-24',
    ]);
  });

  it('is sorted, with real and unique dates', () => {
    const all = HOLIDAYS_2026.map((h) => h.date);
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(all.length);
    for (const date of all) expect(parseDateKey(date), date).toBeDefined();
  });

  it.each([
    ['2026-01-01', 'Tahun Baru 2026 Masehi'],
    ['2026-01-16', 'Isra Mikraj Nabi Muhammad SAW'],
    ['2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'],
    ['2026-03-19', 'Hari Suci Nyepi'],
    ['2026-03-21', 'Idul Fitri 1447 H'],
    ['2026-03-22', 'Idul Fitri 1447 H'],
    ['2026-04-03', 'Wafat Yesus Kristus'],
    ['2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)'],
    ['2026-05-01', 'Hari Buruh Internasional'],
    ['2026-05-14', 'Kenaikan Yesus Kristus'],
    ['2026-05-27', 'Idul Adha 1447 H'],
    ['2026-05-31', 'Hari Raya Waisak'],
    ['2026-06-01', 'Hari Lahir Pancasila'],
    ['2026-06-16', 'Tahun Baru Islam 1448 H'],
    ['2026-08-17', 'Hari Kemerdekaan RI'],
    ['2026-08-25', 'Maulid Nabi Muhammad SAW'],
    ['2026-12-25', 'Hari Raya Natal'],
    ['2026-02-16', 'Cuti Bersama Tahun Baru Imlek 2577 Kongzili'],
    ['2026-03-18', 'Cuti Bersama Hari Suci Nyepi'],
    ['2026-03-20', 'Cuti Bersama Idul Fitri 1447 H'],
    ['2026-03-23', 'Cuti Bersama Idul Fitri 1447 H'],
    ['2026-03-24', 'Cuti Bersama Idul Fitri 1447 H'],
    ['2026-05-15', 'Cuti Bersama Kenaikan Yesus Kristus'],
    ['2026-05-28', 'Cuti Bersama Idul Adha 1447 H'],
    ['2026-12-24', 'Cuti Bersama Hari Raya Natal'],
  ])('%s is %s', (date, name) => {
    expect(HOLIDAYS_2026.find((h) => h.date === date)?.name).toBe(name);
  });

  it('cannot be changed by accident (offices edit a copy)', () => {
    expect(Object.isFrozen(HOLIDAYS_2026)).toBe(true);
    expect(HOLIDAYS_2026.every((h) => Object.isFrozen(h))).toBe(true);
  });
});
