import writeExcelFile from 'write-excel-file/node';
import { formatBulan } from '../domain/calendar/format-indonesian.ts';
import { localParts } from '../domain/calendar/zoned-time.ts';
import type { Compliance, MonthlyRecap } from '../domain/reports/monthly-recap.ts';
import { statusLabel } from '../domain/reports/monthly-recap.ts';

type Cell =
  | string
  | number
  | Date
  | null
  | { value: string | number | Date | null; fontWeight?: 'bold'; format?: string; type?: DateConstructor };

const HEADER = (text: string): Cell => ({ value: text, fontWeight: 'bold' });
const DATE_FORMAT = 'dd/mm/yyyy hh:mm';

/**
 * The month's register as an XLSX workbook (write-excel-file): sheet "Register" with one row per
 * complaint received in the month — numbers as numbers and times as dates, so the office can
 * filter, sum and chart it — and sheets with the recap's tables. Times are the office's local
 * wall time (a spreadsheet has no zones); the header says which zone.
 */
export async function renderRegisterXlsx(
  report: MonthlyRecap,
  timeZone: string,
  zoneName: string,
): Promise<Uint8Array> {
  // Excel stores wall time: the instant shifted by the office's offset, written as if UTC.
  const local = (at: Date | null): Cell => {
    if (!at) return null;
    const p = localParts(at, timeZone);
    return {
      value: new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)),
      type: Date,
      format: DATE_FORMAT,
    };
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
  const workbook = writeExcelFile([
    {
      data: register as never,
      sheet: 'Register',
      stickyRowsCount: 1,
      columns: [5, 18, 12, 17, 10, 14, 20, 45, 22, 22, 16, 24, 28, 12, 17, 12, 10].map((width) => ({
        width,
      })),
    },
    { data: counts() as never, sheet: 'Rekap', columns: [{ width: 40 }, { width: 12 }] },
    {
      data: compliance('Langkah', report.steps) as never,
      sheet: 'Kepatuhan langkah',
      stickyRowsCount: 1,
      columns: [40, 10, 10, 10, 12, 12, 14, 14, 14].map((width) => ({ width })),
    },
    {
      data: compliance('Unit kerja', report.units) as never,
      sheet: 'Kepatuhan unit',
      stickyRowsCount: 1,
      columns: [40, 10, 10, 10, 12, 12, 14, 14, 14].map((width) => ({ width })),
    },
  ]);
  return new Uint8Array(await workbook.toBuffer());
}
