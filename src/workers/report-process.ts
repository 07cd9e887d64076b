/**
 * The process a scheduled report is made in (report-maker.ts): the service's own set-up on the same
 * configuration, without migrations or mail, the report made as at the service's clock, the files
 * handed back, and the process exits, its memory with it.
 */
import type { LoadedConfig } from '../config/load-config.ts';
import { createApp } from '../main.ts';
import { makeDailyReport } from '../use-cases/make-daily-report.ts';
import { makeMonthlyReport } from '../use-cases/make-monthly-report.ts';

export type ReportRequest =
  | { kind: 'daily'; dateKey: string; madeAt: Date; loaded: LoadedConfig }
  | { kind: 'monthly'; year: number; month: number; madeAt: Date; loaded: LoadedConfig };

process.once('message', (request: ReportRequest) => {
  void make(request).then(
    (made) => answer({ made }),
    (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
  );
});

/** The one answer to the service; the channel then closes and the process ends. */
function answer(message: object): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('report-process.ts runs as a child of the service (report-maker.ts)');
  send(message, () => process.disconnect?.());
}

async function make(request: ReportRequest) {
  const app = await createApp(request.loaded, { clock: () => request.madeAt });
  try {
    return request.kind === 'daily'
      ? await makeDailyReport(request.dateKey, app.intakeDeps)
      : await makeMonthlyReport(request.year, request.month, app.intakeDeps);
  } finally {
    await app.close();
  }
}
