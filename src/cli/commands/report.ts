import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { resolveDatabaseUrl } from '../../config/resolve-database-url.ts';
import { localDateKey, parseDateKey } from '../../domain/calendar/zoned-time.ts';
import { monthKey, parseMonthKey, previousMonth } from '../../domain/reports/report-period.ts';
import { createApp } from '../../main.ts';
import { makeDailyReport } from '../../use-cases/make-daily-report.ts';
import { makeMonthlyReport } from '../../use-cases/make-monthly-report.ts';
import { UsageError } from '../usage-error.ts';

interface ReportOptions {
  config?: string;
  db?: string;
  date?: string;
  month?: string;
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
    .option('--out <dir>', 'folder to write the files into', '.')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .action(async (kind: string, options: ReportOptions) => {
      if (kind !== 'daily' && kind !== 'monthly')
        throw new UsageError(`unknown report "${kind}": use daily or monthly`);
      const loaded = loadConfig({ file: options.config });
      const url = resolveDatabaseUrl(loaded, options.db);
      const app = await createApp(
        { ...loaded, config: { ...loaded.config, database: { ...loaded.config.database, url } } },
        { migrate: true },
      );
      try {
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
        const month = options.month ? parseMonthKey(options.month) : previousMonth(new Date(), zone);
        if (!month) throw new UsageError(`--month ${options.month}: write the month as YYYY-MM`);
        const { figures, pdf, xlsx } = await makeMonthlyReport(month.year, month.month, app.intakeDeps);
        const key = monthKey(month.year, month.month);
        const pdfFile = path.join(options.out, `rekap-bulanan-${key}.pdf`);
        const xlsxFile = path.join(options.out, `register-aduan-${key}.xlsx`);
        await writeFile(pdfFile, pdf);
        await writeFile(xlsxFile, xlsx);
        const t = figures.totals;
        console.log(
          `${pdfFile}\n${xlsxFile}\n  masuk ${t.received}, sisa bulan lalu ${t.carriedOver}, selesai ${t.finished}, terbuka di akhir bulan ${t.openAtEnd}, langkah tepat waktu ${t.onTimePercent ?? '-'} %`,
        );
      } finally {
        await app.close();
      }
    });
}
