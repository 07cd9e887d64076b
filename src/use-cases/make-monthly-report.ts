import { MonthlyRecapBuilder, type MonthlyRecap } from '../domain/reports/monthly-recap.ts';
import { monthlyPeriod } from '../domain/reports/report-period.ts';
import { historyBatches, reportContext, reportLetterhead, type ReportDeps } from './report-histories.ts';

/**
 * The rekap bulanan for a month: figures replayed from the trail up to the month's end (so the
 * recap of a past month is the same whenever it is made), the PDF with its charts, and the
 * register as XLSX.
 */
export async function makeMonthlyReport(
  year: number,
  month: number,
  deps: ReportDeps,
): Promise<{ figures: MonthlyRecap; pdf: Uint8Array; xlsx: Uint8Array }> {
  const timeZone = deps.office.timeZone;
  const { from, to } = monthlyPeriod(year, month, timeZone);
  const madeAt = deps.clock();
  const asOf = madeAt < to ? madeAt : to;
  const { context, diskominfo, unitOfRole } = await reportContext(deps);
  const recap = new MonthlyRecapBuilder({ year, month, from, to, asOf, timeZone }, context);
  for await (const batch of historyBatches(from, asOf, unitOfRole, deps))
    for (const history of batch) recap.add(history);
  const figures = recap.result();
  const [pdf, xlsx] = await Promise.all([
    deps.reports.renderer.monthlyPdf(figures, await reportLetterhead(diskominfo, deps), madeAt),
    deps.reports.renderer.registerXlsx(figures, timeZone),
  ]);
  return { figures, pdf, xlsx };
}
