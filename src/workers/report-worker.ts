/**
 * The thread a scheduled report is made on (report-maker.ts): the service's own set-up on the same
 * configuration, without migrations or mail, the report made as at the service's clock, the files
 * handed back, and the thread ends, its heap with it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadedConfig } from '../config/load-config.ts';
import { createApp } from '../main.ts';
import { makeDailyReport } from '../use-cases/make-daily-report.ts';
import { makeMonthlyReport } from '../use-cases/make-monthly-report.ts';

export type ReportRequest =
  | { kind: 'daily'; dateKey: string; madeAt: Date; loaded: LoadedConfig }
  | { kind: 'monthly'; year: number; month: number; madeAt: Date; loaded: LoadedConfig };

const request = workerData as ReportRequest;
const app = await createApp(request.loaded, { clock: () => request.madeAt });
try {
  const made =
    request.kind === 'daily'
      ? await makeDailyReport(request.dateKey, app.intakeDeps)
      : await makeMonthlyReport(request.year, request.month, app.intakeDeps);
  parentPort!.postMessage(made);
} finally {
  await app.close();
}
