import { formatBulan, formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import { zoneLabel } from '../domain/calendar/zoned-time.ts';
import type { Kop } from '../domain/documents/document-model.ts';
import type { Compliance, MonthlyRecap } from '../domain/reports/monthly-recap.ts';
import type { Count } from '../domain/reports/report-context.ts';
import type { ReportBlock, ReportDocument, TableColumn } from './report-blocks.ts';
import { formatNumber, formatPercent, formatWorkingMinutes } from './report-format.ts';

export const MONTHLY_TITLE = 'Rekap Bulanan dan Laporan Identifikasi Permasalahan';

/** The monthly recap's pages (Indonesian): figures, charts, compliance tables. The register is the XLSX. */
export function monthlyReportPages(
  report: MonthlyRecap,
  office: { name: string; timeZone: string; kop: Kop },
  madeAt: Date,
): ReportDocument {
  const zone = office.timeZone;
  const month = formatBulan(report.year, report.month);
  const { totals, handling } = report;
  const bars = (title: string, counts: Count[], limit = 12): ReportBlock => ({
    kind: 'bars',
    title,
    items: counts.slice(0, limit).map((count) => ({ label: count.label, value: count.count })),
  });
  const complianceColumns = (first: string, withStandard: boolean): TableColumn[] => [
    { header: first, width: withStandard ? 24 : 32 },
    ...(withStandard ? [{ header: 'Standar', width: 8 }] : []),
    { header: 'Selesai', width: 8, align: 'right' as const },
    { header: 'Tepat waktu', width: 8, align: 'right' as const },
    { header: 'Terlambat masih terbuka', width: 10, align: 'right' as const },
    { header: 'Kepatuhan', width: 12, align: 'right' as const },
    { header: 'Rata-rata (jam kerja)', width: 11, align: 'right' as const },
    { header: 'Terlama', width: 10, align: 'right' as const },
    { header: 'Terhadap standar', width: 9, align: 'right' as const },
  ];
  const complianceRows = (rows: Compliance[], withStandard: boolean) =>
    rows.map((row) => [
      row.label,
      ...(withStandard ? [row.standard] : []),
      formatNumber(row.done),
      formatNumber(row.onTime),
      formatNumber(row.overdueOpen),
      formatPercent(row.percent),
      formatWorkingMinutes(row.averageMinutes),
      formatWorkingMinutes(row.slowestMinutes),
      formatPercent(row.averageShareOfStandard),
    ]);
  const belowStandard = (rows: Compliance[]) =>
    rows.flatMap((row, n) => (row.percent !== null && row.percent < 80 ? [n] : []));

  return {
    kop: office.kop,
    title: MONTHLY_TITLE,
    subtitle:
      report.asOf < report.to
        ? `Bulan ${month} (bulan berjalan, keadaan ${formatTanggalWaktu(report.asOf, zone)})`
        : `Bulan ${month}`,
    footer: `Dibuat ${formatTanggalWaktu(madeAt, zone)} oleh Kotak Aduan dari jejak audit. Identitas pelapor tidak dimuat.`,
    meta: {
      title: `${MONTHLY_TITLE} ${month}`,
      subject: `Rekap pengaduan ${office.name}`,
      author: office.name,
      keywords: ['rekap bulanan', 'laporan identifikasi permasalahan', `${report.year}-${report.month}`],
    },
    blocks: [
      {
        kind: 'figures',
        items: [
          { value: formatNumber(totals.received), label: 'Aduan masuk bulan ini' },
          { value: formatNumber(totals.carriedOver), label: 'Sisa dari bulan sebelumnya' },
          { value: formatNumber(totals.finished), label: 'Selesai ditangani' },
          {
            value: formatNumber(totals.openAtEnd),
            label: report.asOf < report.to ? 'Masih terbuka saat ini' : 'Masih terbuka di akhir bulan',
          },
          {
            value: formatPercent(totals.onTimePercent),
            label: 'Langkah tepat waktu',
            alert: totals.onTimePercent !== null && totals.onTimePercent < 80,
          },
        ],
      },
      {
        kind: 'paragraph',
        text: `Dari ${formatNumber(totals.finished)} aduan yang selesai bulan ini, ${formatNumber(totals.answered)} dijawab dan ${formatNumber(totals.rejected)} ditolak. Rata-rata lama penanganan ${formatWorkingMinutes(handling.averageMinutes)} kerja, dengan standar SOP ${formatWorkingMinutes(handling.standardMinutes)} kerja.`,
      },
      { kind: 'heading', text: '1. Aduan masuk' },
      bars('Menurut kategori', report.byCategory),
      bars('Menurut unit kerja yang menangani', report.byUnit),
      bars('Menurut saluran', report.byChannel),
      bars('Menurut jenis', report.byType),
      {
        kind: 'lines',
        title: 'Aduan masuk dan selesai per hari',
        xLabels: report.byDay.map((day) => String(day.day)),
        series: [
          { name: 'Masuk', values: report.byDay.map((day) => day.received) },
          { name: 'Selesai', values: report.byDay.map((day) => day.finished) },
        ],
      },
      { kind: 'heading', text: '2. Kepatuhan standar waktu per langkah SOP' },
      {
        kind: 'table',
        columns: complianceColumns('Langkah', true),
        rows: complianceRows(report.steps, true),
        alertRows: belowStandard(report.steps),
        empty: 'Tidak ada langkah yang selesai atau terlambat bulan ini.',
      },
      {
        kind: 'bars',
        title: 'Kepatuhan per langkah (persen tepat waktu)',
        max: 100,
        unit: ' %',
        items: report.steps
          .filter((row) => row.percent !== null)
          .map((row) => ({ label: row.label, value: row.percent! })),
      },
      { kind: 'heading', text: '3. Kepatuhan standar waktu per unit kerja' },
      {
        kind: 'table',
        columns: complianceColumns('Unit kerja', false),
        rows: complianceRows(report.units, false),
        alertRows: belowStandard(report.units),
        empty: 'Tidak ada tugas yang selesai atau terlambat bulan ini.',
      },
      { kind: 'heading', text: '4. Penanganan terlama' },
      {
        kind: 'table',
        columns: [
          { header: 'Nomor aduan', width: 20 },
          { header: 'Kategori', width: 22 },
          { header: 'Unit kerja', width: 24 },
          { header: 'Lama (jam kerja)', width: 17, align: 'right' },
          { header: 'Standar SOP', width: 17, align: 'right' },
        ],
        rows: handling.slowest.map((item) => [
          item.trackingNumber,
          item.category,
          item.unit,
          formatWorkingMinutes(item.minutes),
          formatWorkingMinutes(item.standardMinutes),
        ]),
        alertRows: handling.slowest.flatMap((item, n) => (item.minutes > item.standardMinutes ? [n] : [])),
        empty: 'Belum ada aduan yang selesai bulan ini.',
      },
      { kind: 'heading', text: '5. Permasalahan dan lokasi terbanyak' },
      bars('Permasalahan terbanyak (kategori: kata kunci)', report.problems, 10),
      bars('Lokasi terbanyak (kecamatan, atau desa/kelurahan)', report.places, 10),
      {
        kind: 'paragraph',
        small: true,
        text: `Angka disusun dari jejak audit sampai akhir bulan (waktu ${zoneLabel(zone, report.to)}), sehingga laporan bulan lalu yang dibuat ulang memberi angka yang sama. Waktu dihitung dalam jam kerja kantor. Kepatuhan: langkah yang selesai dalam batas waktunya dibagi langkah yang selesai bulan ini ditambah yang masih terbuka melewati batas waktu. Baris merah: kepatuhan di bawah 80 % atau penanganan melewati standar. Register aduan bulan ini terlampir dalam berkas XLSX; identitas pelapor aduan rahasia dan anonim tidak dimuat.`,
      },
    ],
  };
}
