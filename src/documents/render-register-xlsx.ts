import { formatBulan } from '../domain/calendar/format-indonesian.ts';
import { localParts } from '../domain/calendar/zoned-time.ts';
import type { Compliance, MonthlyRecap } from '../domain/reports/monthly-recap.ts';
import { statusLabel } from '../domain/reports/monthly-recap.ts';
import { xlsxWorkbook, type XlsxCell as Cell } from './xlsx-workbook.ts';

const HEADER = (text: string): Cell => ({ value: text, bold: true });

/**
 * The month's register as an XLSX workbook: sheet "Register" with one row per
 * complaint received in the month — numbers as numbers and times as dates, so the office can
 * filter, sum and chart it — and sheets with the recap's tables. Times are the office's local
 * wall time (a spreadsheet has no zones); the header says which zone.
 */
export function renderRegisterXlsx(report: MonthlyRecap, timeZone: string, zoneName: string): Uint8Array {
  // Excel stores wall time: the instant shifted by the office's offset, written as if UTC.
  const local = (at: Date | null): Cell => {
    if (!at) return null;
    const p = localParts(at, timeZone);
    return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second));
  };
  const register: Cell[][] = [
    [
      'No',
      'Nomor aduan',
      'Nomor agenda',
      `Diterima (${zoneName})`,
      'Saluran',
      'Jenis',
      'Kategori',
      'Perihal',
      'Pelapor',
      'Lokasi',
      'Permasalahan',
      'Unit kerja',
      'Posisi / hasil',
      'Status',
      `Selesai (${zoneName})`,
      'Lama penanganan (jam kerja)',
      'Sesuai standar waktu',
    ].map(HEADER),
    ...report.register.map((row): Cell[] => [
      row.no,
      row.trackingNumber,
      row.agendaNumber,
      local(row.receivedAt),
      row.channel,
      row.type,
      row.category,
      row.subject,
      row.complainant,
      row.place,
      row.problem,
      row.unit,
      row.position,
      statusLabel(row.status),
      local(row.finishedAt),
      row.workingHours,
      row.onTime ? 'Ya' : 'Tidak',
    ]),
  ];
  const compliance = (first: string, rows: Compliance[]): Cell[][] => [
    [
      first,
      'Standar',
      'Selesai',
      'Tepat waktu',
      'Terlambat masih terbuka',
      'Kepatuhan (%)',
      'Rata-rata (menit kerja)',
      'Terlama (menit kerja)',
      'Terhadap standar (%)',
    ].map(HEADER),
    ...rows.map((row): Cell[] => [
      row.label,
      row.standard,
      row.done,
      row.onTime,
      row.overdueOpen,
      row.percent,
      row.averageMinutes,
      row.slowestMinutes,
      row.averageShareOfStandard,
    ]),
  ];
  const counts = (): Cell[][] => [
    [HEADER(`Rekap ${formatBulan(report.year, report.month)}`), null],
    ['Aduan masuk', report.totals.received],
    ['Sisa dari bulan sebelumnya', report.totals.carriedOver],
    ['Selesai ditangani', report.totals.finished],
    ['Dijawab', report.totals.answered],
    ['Ditolak', report.totals.rejected],
    ['Masih terbuka di akhir bulan', report.totals.openAtEnd],
    ['Langkah tepat waktu (%)', report.totals.onTimePercent],
    [null, null],
    ...(
      [
        ['Kategori', report.byCategory],
        ['Unit kerja', report.byUnit],
        ['Saluran', report.byChannel],
        ['Jenis', report.byType],
        ['Permasalahan', report.problems],
        ['Lokasi', report.places],
      ] as const
    ).flatMap(([title, list]): Cell[][] => [
      [HEADER(title), HEADER('Jumlah')],
      ...list.map((count): Cell[] => [count.label, count.count]),
      [null, null],
    ]),
  ];
  return xlsxWorkbook([
    {
      name: 'Register',
      rows: register,
      freezeHeader: true,
      widths: [5, 18, 12, 17, 10, 14, 20, 45, 22, 22, 16, 24, 28, 12, 17, 12, 10],
    },
    { name: 'Rekap', rows: counts(), widths: [40, 12] },
    {
      name: 'Kepatuhan langkah',
      rows: compliance('Langkah', report.steps),
      freezeHeader: true,
      widths: [40, 10, 10, 10, 12, 12, 14, 14, 14],
    },
    {
      name: 'Kepatuhan unit',
      rows: compliance('Unit kerja', report.units),
      freezeHeader: true,
      widths: [40, 10, 10, 10, 12, 12, 14, 14, 14],
    },
  ]);
}
