import { formatBulan } from '../domain/calendar/format-indonesian.ts';
import { dateKeyOf, localDateKey, localParts } from '../domain/calendar/zoned-time.ts';
import { monthKey, previousMonth } from '../domain/reports/report-period.ts';
import { makeMonthlyReport } from './make-monthly-report.ts';
import { recordAndMailReport, reportRecipients } from './send-report.ts';
import type { ReportDeps } from './report-histories.ts';

/**
 * The scheduled rekap bulanan (Karanganyar step 6): the previous month's recap, once, on the first
 * working day of the month — or at the first run after it, if the service was down — to the
 * leadership, PDF and XLSX attached. Their reply is archived with it (archive-report-disposition.ts).
 */
export async function sendMonthlyRecap(slot: Date, deps: ReportDeps): Promise<Record<string, unknown>> {
  if (!deps.reports.monthly.enabled) return { skipped: 'reports.monthly.enabled is false' };
  const zone = deps.office.timeZone;
  const today = localDateKey(slot, zone);
  const { year, month } = localParts(slot, zone);
  let first = 1;
  while (first < 28 && !deps.calendar.isWorkingDay(dateKeyOf(year, month, first))) first++;
  if (today < dateKeyOf(year, month, first))
    return { skipped: `the recap goes out on ${dateKeyOf(year, month, first)}` };
  const previous = previousMonth(slot, zone);
  const period = monthKey(previous.year, previous.month);
  if (await deps.store.repos.reports.find('bulanan', period))
    return { skipped: `recap for ${period} already sent` };

  const { figures, pdf, xlsx } = deps.reports.maker
    ? await deps.reports.maker.monthly(previous.year, previous.month, deps.clock())
    : await makeMonthlyReport(previous.year, previous.month, deps);
  const recipients = await reportRecipients(deps.reports.monthly.to, deps);
  if (!recipients.length) deps.log.warn({ period }, 'monthly recap: no recipients (reports.monthly.to)');
  const t = figures.totals;
  await recordAndMailReport(
    {
      kind: 'bulanan',
      period,
      pdf: { bytes: pdf, filename: `rekap-bulanan-${period}.pdf` },
      xlsx: { bytes: xlsx, filename: `register-aduan-${period}.xlsx` },
      summary: { ...t },
    },
    recipients,
    {
      template: 'rekap-bulanan',
      data: {
        bulan: formatBulan(previous.year, previous.month, { lang: deps.office.language }),
        ...t,
        onTime: t.onTimePercent === null ? '-' : `${String(t.onTimePercent).replace('.', ',')} %`,
        askDisposition: true,
      },
    },
    deps,
  );
  return { period, recipients: recipients.length, ...t };
}
