import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { localDateKey, parseDateKey } from '../../domain/calendar/zoned-time.ts';
import { monthKey, parseMonthKey, previousMonth } from '../../domain/reports/report-period.ts';
import type { App } from '../../main.ts';
import { makeDailyReport } from '../../use-cases/make-daily-report.ts';
import { makeMonthlyReport } from '../../use-cases/make-monthly-report.ts';
import { createProgress } from '../format/progress.ts';
import { UsageError } from '../usage-error.ts';
import { withApp } from '../with-store.ts';

interface ReportOptions {
  config?: string;
  db?: string;
  date?: string;
  month?: string;
  year?: string;
  out: string;
}

/**
 * `aduan report daily|monthly`: any report, for any past period, written to a folder — the same
 * figures the scheduled mail had, since both replay the trail. Nothing is mailed or recorded.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'Write the daily monitoring report (PDF) or the monthly recap (PDF + XLSX register) for any period',
    )
    .argument('<kind>', 'daily | monthly')
    .option('--date <YYYY-MM-DD>', 'daily: the day (default: today, in the office’s zone)')
    .option('--month <YYYY-MM>', 'monthly: the month (default: last month)')
    .option('--year <YYYY>', 'monthly: every month of the year that has ended, with a progress bar')
    .option('--out <dir>', 'folder to write the files into', '.')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .action(async (kind: string, options: ReportOptions) => {
      if (kind !== 'daily' && kind !== 'monthly')
        throw new UsageError(`unknown report "${kind}": use daily or monthly`);
      await withApp(options, async (app) => {
        const zone = app.config.office.timeZone;
        await mkdir(options.out, { recursive: true });
        if (kind === 'daily') {
          const date = options.date ?? localDateKey(new Date(), zone);
          if (!parseDateKey(date)) throw new UsageError(`--date ${date}: write the day as YYYY-MM-DD`);
          const { figures, pdf } = await makeDailyReport(date, app.intakeDeps);
          const file = path.join(options.out, `laporan-monitoring-harian-${date}.pdf`);
          await writeFile(file, pdf);
          const t = figures.totals;
          console.log(
            `${file}\n  masuk ${t.received}, dalam penanganan ${t.open}, jatuh tempo hari ini ${t.dueToday}, terlambat ${t.overdue}`,
          );
          return;
        }
        if (options.year) {
          const months = endedMonths(options.year, previousMonth(new Date(), zone));
          const progress = createProgress(Boolean(process.stderr.isTTY), `rekap ${options.year}`, 'month(s)');
          progress.start(months.length);
          const lines: string[] = [];
          for (const month of months) {
            lines.push(await writeMonthly(app, month, options.out));
            progress.tick();
          }
          progress.stop();
          return console.log(lines.join('\n'));
        }
        const month = options.month ? parseMonthKey(options.month) : previousMonth(new Date(), zone);
        if (!month) throw new UsageError(`--month ${options.month}: write the month as YYYY-MM`);
        console.log(await writeMonthly(app, month, options.out));
      });
    });
}

/** The recap of one month written as PDF and XLSX; the line that says where, and its totals. */
async function writeMonthly(app: App, month: { year: number; month: number }, out: string): Promise<string> {
  const { figures, pdf, xlsx } = await makeMonthlyReport(month.year, month.month, app.intakeDeps);
  const key = monthKey(month.year, month.month);
  const pdfFile = path.join(out, `rekap-bulanan-${key}.pdf`);
  const xlsxFile = path.join(out, `register-aduan-${key}.xlsx`);
  await writeFile(pdfFile, pdf);
  await writeFile(xlsxFile, xlsx);
  const t = figures.totals;
  return `${pdfFile}\n${xlsxFile}\n  masuk ${t.received}, sisa bulan lalu ${t.carriedOver}, selesai ${t.finished}, terbuka di akhir bulan ${t.openAtEnd}, langkah tepat waktu ${t.onTimePercent ?? '-'} %`;
}

/** The months of `year` up to the last one that has ended. */
function endedMonths(year: string, last: { year: number; month: number }): { year: number; month: number }[] {
  const y = /^\d{4}$/.test(year) ? Number(year) : NaN;
  if (!Number.isInteger(y)) throw new UsageError(`--year ${year}: write the year as YYYY`);
  if (y > last.year) throw new UsageError(`--year ${year}: no month of it has ended yet`);
  const through = y < last.year ? 12 : last.month;
  return Array.from({ length: through }, (_, i) => ({ year: y, month: i + 1 }));
}
