import { Worker } from 'node:worker_threads';
import type { LoadedConfig } from '../config/load-config.ts';
import type { ReportMaker } from '../use-cases/ports/document-renderer.ts';
import type { ReportRequest } from './report-worker.ts';

/**
 * Scheduled reports made on a thread of their own, one per report. A recap over a busy year reads
 * hundreds of megabytes of trail; made in the service, V8 keeps that heap reserved long after (the
 * service sat at 1.2 GB after its start-up reports). A thread that ends returns it.
 */
export function createReportMaker(loaded: LoadedConfig): ReportMaker {
  return {
    daily: (dateKey, madeAt) => run({ kind: 'daily', dateKey, madeAt, loaded }),
    monthly: (year, month, madeAt) => run({ kind: 'monthly', year, month, madeAt, loaded }),
  };
}

function run<T>(request: ReportRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: request });
    let made: T | undefined;
    worker.once('message', (message: T) => (made = message));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      made !== undefined
        ? resolve(made)
        : reject(new Error(`the report thread ended (exit code ${code}) without a report`)),
    );
  });
}

/** Run from source (type stripping) or from the build. */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './report-worker.ts' : './report-worker.js',
  import.meta.url,
);
