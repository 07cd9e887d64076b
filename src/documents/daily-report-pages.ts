import { formatTanggal, formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import { localDateKey, localParts } from '../domain/calendar/zoned-time.ts';
import type { Kop } from '../domain/documents/document-model.ts';
import type { DailyMonitoring, MonitoringRow } from '../domain/reports/daily-monitoring.ts';
import { channelLabel, typeLabel } from '../domain/reports/monthly-recap.ts';
import type { ReportDocument, TableColumn } from './report-blocks.ts';
import { formatNumber, formatWorkingMinutes } from './report-format.ts';

export const DAILY_TITLE = 'Laporan Monitoring Permasalahan Harian';

/** The daily monitoring report's pages (Indonesian), from its figures. */
export function dailyReportPages(
  report: DailyMonitoring,
  office: { name: string; timeZone: string; kop: Kop },
  madeAt: Date,
): ReportDocument {
  const zone = office.timeZone;
  const when = (at: Date) => formatTanggalWaktu(at, zone);
  // "08.30" on the report's day, "23/11 14.05" on another: the columns stay narrow.
  const shortTime = (at: Date) => {
    const p = localParts(at, zone);
    const time = `${String(p.hour).padStart(2, '0')}.${String(p.minute).padStart(2, '0')}`;
    return localDateKey(at, zone) === report.date ? time : `${p.day}/${p.month} ${time}`;
  };
  const rowsOf = (rows: MonitoringRow[]) =>
    rows.map((row) => [
      row.label,
      formatNumber(row.open),
      formatNumber(row.dueToday),
      formatNumber(row.overdue),
    ]);
  const workColumns = (first: string): TableColumn[] => [
    { header: first, width: 46 },
    { header: 'Terbuka', width: 12, align: 'right' },
    { header: 'Jatuh tempo hari ini', width: 16, align: 'right' },
    { header: 'Melewati batas waktu', width: 16, align: 'right' },
  ];
  const { totals } = report;
  return {
    kop: office.kop,
    title: DAILY_TITLE,
    subtitle: `Keadaan ${when(report.at)} · aduan masuk sejak ${when(report.since)}`,
    footer: `Dibuat ${when(madeAt)} oleh Kotak Aduan dari jejak audit. Identitas pelapor tidak dimuat.`,
    meta: {
      title: `${DAILY_TITLE} ${formatTanggal(report.at, zone)}`,
      subject: `Monitoring pengaduan ${office.name}`,
      author: office.name,
      keywords: ['laporan harian', 'monitoring', report.date],
    },
    blocks: [
      {
        kind: 'figures',
        items: [
          { value: formatNumber(totals.received), label: 'Aduan masuk' },
          { value: formatNumber(totals.open), label: 'Aduan dalam penanganan' },
          { value: formatNumber(totals.dueToday), label: 'Tugas jatuh tempo hari ini' },
          {
            value: formatNumber(totals.overdue),
            label: 'Tugas melewati batas waktu',
            alert: totals.overdue > 0,
          },
        ],
      },
      { kind: 'heading', text: 'Tugas terbuka per unit kerja' },
      {
        kind: 'table',
        columns: workColumns('Unit kerja'),
        rows: rowsOf(report.byUnit),
        empty: 'Tidak ada tugas terbuka.',
      },
      { kind: 'heading', text: 'Tugas terbuka per langkah SOP' },
      {
        kind: 'table',
        columns: workColumns('Langkah'),
        rows: rowsOf(report.byStep),
        empty: 'Tidak ada tugas terbuka.',
      },
      { kind: 'heading', text: 'Perlu perhatian hari ini' },
      {
        kind: 'table',
        columns: [
          { header: 'No', width: 5, align: 'right' },
          { header: 'Nomor aduan', width: 18 },
          { header: 'Perihal', width: 30 },
          { header: 'Langkah', width: 18 },
          { header: 'Unit', width: 11 },
          { header: 'Batas waktu', width: 9 },
          { header: 'Terlambat (jam kerja)', width: 11, align: 'right' },
        ],
        rows: report.attention.map((item, n) => [
          String(n + 1),
          item.trackingNumber,
          item.subject,
          item.step,
          item.unitCode ?? '-',
          shortTime(item.dueAt),
          item.overdue ? formatWorkingMinutes(item.lateMinutes) : 'hari ini',
        ]),
        alertRows: report.attention.flatMap((item, n) => (item.overdue ? [n] : [])),
        empty: 'Tidak ada tugas yang jatuh tempo hari ini atau terlambat.',
      },
      { kind: 'heading', text: 'Aduan masuk' },
      {
        kind: 'table',
        columns: [
          { header: 'No', width: 5, align: 'right' },
          { header: 'Nomor aduan', width: 18 },
          { header: 'Diterima', width: 11 },
          { header: 'Saluran', width: 9 },
          { header: 'Jenis', width: 12 },
          { header: 'Kategori', width: 15 },
          { header: 'Perihal', width: 30 },
        ],
        rows: report.received.map((item, n) => [
          String(n + 1),
          item.trackingNumber,
          shortTime(item.receivedAt),
          channelLabel(item.channel),
          typeLabel(item.type),
          item.category ?? 'Lainnya',
          item.subject,
        ]),
        empty: 'Tidak ada aduan masuk.',
      },
      {
        kind: 'paragraph',
        small: true,
        text: `Batas waktu dan keterlambatan dihitung dalam jam kerja kantor; waktu dalam ${formatTanggalWaktu(report.at, zone).split(' ').at(-1)}. Aduan rahasia dan anonim dimuat tanpa identitas pelapor.`,
      },
    ],
  };
}
