/**
 * Hari libur nasional and cuti bersama 2026 (SKB 3 Menteri 2026).
 *
 * Set yearly by joint ministerial decree, so this list is only the shipped default: offices edit
 * their own copy in config. Cuti bersama count as non-working days for the complaint desk too:
 * the office is closed, so no SLA time should run.
 */

export const HOLIDAY_KINDS = ['libur_nasional', 'cuti_bersama'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

export interface Holiday {
  /** Local calendar date, 'YYYY-MM-DD'. */
  date: string;
  /** Indonesian name as written in the decree. */
  name: string;
  kind: HolidayKind;
}

function libur(date: string, name: string): Holiday {
  return { date, name, kind: 'libur_nasional' };
}

function cuti(date: string, name: string): Holiday {
  return { date, name: `Cuti Bersama ${name}`, kind: 'cuti_bersama' };
}

/** Sorted by date. Idul Fitri spans two days (21-22 March), so it has two entries. */
export const HOLIDAYS_2026: readonly Holiday[] = Object.freeze(
  [
    libur('2026-01-01', 'Tahun Baru 2026 Masehi'),
    libur('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW'),
    cuti('2026-02-16', 'Tahun Baru Imlek 2577 Kongzili'),
    libur('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'),
    cuti('2026-03-18', 'Hari Suci Nyepi'),
    libur('2026-03-19', 'Hari Suci Nyepi'),
    cuti('2026-03-20', 'Idul Fitri 1447 H'),
    libur('2026-03-21', 'Idul Fitri 1447 H'),
    libur('2026-03-22', 'Idul Fitri 1447 H'),
    cuti('2026-03-23', 'Idul Fitri 1447 H'),
    cuti('2026-03-24', 'Idul Fitri 1447 H'),
    libur('2026-04-03', 'Wafat Yesus Kristus'),
    libur('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)'),
    libur('2026-05-01', 'Hari Buruh Internasional'),
    libur('2026-05-14', 'Kenaikan Yesus Kristus'),
    cuti('2026-05-15', 'Kenaikan Yesus Kristus'),
    libur('2026-05-27', 'Idul Adha 1447 H'),
    cuti('2026-05-28', 'Idul Adha 1447 H'),
    libur('2026-05-31', 'Hari Raya Waisak'),
    libur('2026-06-01', 'Hari Lahir Pancasila'),
    libur('2026-06-16', 'Tahun Baru Islam 1448 H'),
    libur('2026-08-17', 'Hari Kemerdekaan RI'),
    libur('2026-08-25', 'Maulid Nabi Muhammad SAW'),
    cuti('2026-12-24', 'Hari Raya Natal'),
    libur('2026-12-25', 'Hari Raya Natal'),
  ].map((holiday) => Object.freeze(holiday)),
);
