import { buildDailyMonitoring, type DailyMonitoring } from '../domain/reports/daily-monitoring.ts';
import { dailyPeriod } from '../domain/reports/report-period.ts';
import { historyBatches, reportContext, reportLetterhead, type ReportDeps } from './report-histories.ts';

/**
 * The laporan monitoring harian for a local date: the picture at the report time of that day
 * (reports.daily.time), replayed from the trail — made at 07:30, at 09:00 after a restart, or a
 * month later on demand, it shows the same figures.
 */
export async function makeDailyReport(
  dateKey: string,
  deps: ReportDeps,
): Promise<{ figures: DailyMonitoring; pdf: Uint8Array }> {
  const { at, since } = dailyPeriod(dateKey, deps.reports.daily.time, deps.office.timeZone, deps.calendar);
  const { context, diskominfo, unitOfRole } = await reportContext(deps);
  const histories = [];
  for await (const batch of historyBatches(since, at, unitOfRole, deps)) histories.push(...batch);
  const figures = buildDailyMonitoring(histories, { at, since, timeZone: deps.office.timeZone }, context);
  const madeAt = deps.clock();
  const pdf = await deps.reports.renderer.dailyPdf(figures, await reportLetterhead(diskominfo, deps), madeAt);
  return { figures, pdf };
}
