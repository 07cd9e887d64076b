import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadedConfig } from '../config/load-config.ts';
import type { ReportMaker } from '../use-cases/ports/document-renderer.ts';
import type { ReportRequest } from './report-process.ts';

/**
 * Scheduled reports made in a process of their own, one per report. A recap over a busy year reads
 * hundreds of megabytes of trail. Made in the service, V8 and the C allocator keep that memory long
 * after: the service sat at 1.2 GB after its start-up reports, and still 60 MiB over its usual size
 * when they were made on a thread. A process that exits returns all of it.
 */
export function createReportMaker(loaded: LoadedConfig): ReportMaker {
  return {
    daily: (dateKey, madeAt) => run({ kind: 'daily', dateKey, madeAt, loaded }),
    monthly: (year, month, madeAt) => run({ kind: 'monthly', year, month, madeAt, loaded }),
  };
}

function run<T>(request: ReportRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // Structured clone, not JSON: dates stay dates and the files stay bytes.
    const child = fork(PROCESS_FILE, [], { serialization: 'advanced', stdio: 'inherit' });
    let made: T | undefined;
    let failure: string | undefined;
    child.once('message', (message: { made: T } | { error: string }) => {
      if ('made' in message) made = message.made;
      else failure = message.error;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      made !== undefined
        ? resolve(made)
        : reject(
            new Error(
              failure ?? `the report process ended (${signal ?? `exit code ${code}`}) without a report`,
            ),
          ),
    );
    child.send(request);
  });
}

/** Run from source (type stripping) or from the build. */
const PROCESS_FILE = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './report-process.ts' : './report-process.js', import.meta.url),
);
