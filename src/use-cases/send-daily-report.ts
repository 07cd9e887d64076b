import { formatTanggal, formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import { localDateKey } from '../domain/calendar/zoned-time.ts';
import { makeDailyReport } from './make-daily-report.ts';
import { recordAndMailReport, reportRecipients } from './send-report.ts';
import type { ReportDeps } from './report-histories.ts';

/** Items listed in the mail itself; the PDF has them all. */
const ATTENTION_IN_MAIL = 10;

/**
 * The scheduled laporan monitoring harian (Balangan): on a working day, once, the picture as at
 * the report time (`slot`) to the recipients, the PDF attached. A holiday or weekend sends nothing;
 * the next working day's report lists what came in meanwhile.
 */
export async function sendDailyReport(slot: Date, deps: ReportDeps): Promise<Record<string, unknown>> {
  if (!deps.reports.daily.enabled) return { skipped: 'reports.daily.enabled is false' };
  const zone = deps.office.timeZone;
  const date = localDateKey(slot, zone);
  if (!deps.calendar.isWorkingDay(date)) return { skipped: `${date} is not a working day` };
  if (await deps.store.repos.reports.find('harian', date))
    return { skipped: `report for ${date} already sent` };

  const { figures, pdf } = deps.reports.maker
    ? await deps.reports.maker.daily(date, deps.clock())
    : await makeDailyReport(date, deps);
  const recipients = await reportRecipients(deps.reports.daily.to, deps);
  if (!recipients.length) deps.log.warn({ date }, 'daily report: no recipients (reports.daily.to)');
  const lang = { lang: deps.office.language };
  await recordAndMailReport(
    {
      kind: 'harian',
      period: date,
      pdf: { bytes: pdf, filename: `laporan-monitoring-harian-${date}.pdf` },
      xlsx: null,
      summary: { ...figures.totals },
    },
    recipients,
    {
      template: 'laporan-harian',
      data: {
        tanggal: formatTanggal(figures.at, zone, lang),
        waktu: formatTanggalWaktu(figures.at, zone, lang),
        ...figures.totals,
        attention: figures.attention
          .slice(0, ATTENTION_IN_MAIL)
          .map(
            (item) =>
              `[${item.trackingNumber}] ${item.subject} — ${item.step}, ${item.unit}${item.overdue ? ' (terlambat)' : ''}`,
          ),
      },
    },
    deps,
  );
  return { date, recipients: recipients.length, ...figures.totals };
}
