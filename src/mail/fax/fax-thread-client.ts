/**
 * The intake side of the fax worker thread: starts it on first use, sends one request at a time,
 * and kills it when a request runs past its time limit or the thread dies. The next request starts
 * a fresh thread (and Tesseract, ~0.3 s). Results are values: callers turn failures into notes.
 */
import { Worker } from 'node:worker_threads';
import type {
  FaxThreadData,
  FaxThreadMessage,
  FaxThreadRequest,
  FaxThreadResponse,
  OcrOutput,
} from './fax-thread-protocol.ts';
import type { Bitmap } from './page-image.ts';
import type { TiffTags } from './tiff-directory.ts';

export type ThreadResult<T> =
  { ok: true; value: T } | { ok: false; reason: 'timeout' | 'failed'; message: string };

export interface FaxThread {
  decodeTiffPage(
    page: { buffer: ArrayBuffer; tags: TiffTags; width: number; height: number },
    timeoutMs: number,
  ): Promise<ThreadResult<Bitmap>>;
  recognise(image: Uint8Array, dpi: number | null, timeoutMs: number): Promise<ThreadResult<OcrOutput>>;
  /** Ends the thread (and Tesseract in it); the next request starts a fresh one. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

type Log = { warn(o: object, m: string): void };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type RequestBody = WithoutId<FaxThreadRequest>;

// Run from the sources (.ts, type stripping) or from the build output (.js).
const threadFile = new URL(
  import.meta.url.endsWith('.ts') ? './fax-thread.ts' : './fax-thread.js',
  import.meta.url,
);
/** UTIF's decoders keep their working arrays on the JS heap; a hostile page must not take the process with it. */
const THREAD_HEAP_MB = 512;

export function createFaxThread(options: { langPath: string; log: Log }): FaxThread {
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;
  let pending: { id: number; worker: Worker; settle: (response: FaxThreadResponse | Error) => void } | null =
    null;

  const stop = async (): Promise<void> => {
    const current = worker;
    worker = null;
    if (current !== null) await current.terminate();
  };

  const start = (): Worker => {
    const data: FaxThreadData = { langPath: options.langPath };
    const created = new Worker(threadFile, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    });
    created.unref();
    created.on('message', (message: FaxThreadMessage) => {
      if ('output' in message) {
        options.log.warn({ output: message.output.trim().slice(0, 2000) }, 'fax thread output');
        return;
      }
      if (pending?.worker === created && pending.id === message.id) pending.settle(message);
    });
    created.on('error', (error: Error) => {
      options.log.warn({ err: error }, 'fax thread failed');
      if (worker === created) worker = null;
      if (pending?.worker === created) pending.settle(error);
    });
    created.on('exit', (code) => {
      if (worker === created) worker = null;
      if (pending?.worker === created) pending.settle(new Error(`fax thread exited (${code})`));
    });
    return created;
  };

  const call = async (
    body: RequestBody,
    timeoutMs: number,
  ): Promise<ThreadResult<FaxThreadResponse & { ok: true }>> => {
    if (pending !== null) throw new Error('fax thread: one request at a time');
    if (closed) return { ok: false, reason: 'failed', message: 'the fax reader was closed' };
    worker ??= start();
    const current = worker;
    const id = nextId++;
    current.ref();
    try {
      const outcome = await new Promise<FaxThreadResponse | Error | 'timeout'>((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), timeoutMs);
        pending = {
          id,
          worker: current,
          settle: (response) => {
            clearTimeout(timer);
            resolve(response);
          },
        };
        current.postMessage({ ...body, id } as FaxThreadRequest);
      });
      if (outcome === 'timeout') {
        await stop();
        return { ok: false, reason: 'timeout', message: `no answer within ${timeoutMs} ms` };
      }
      if (outcome instanceof Error) {
        await stop();
        return { ok: false, reason: 'failed', message: outcome.message };
      }
      if (!outcome.ok) return { ok: false, reason: 'failed', message: outcome.error };
      return { ok: true, value: outcome };
    } finally {
      pending = null;
      current.unref(); // an idle thread must not keep the process alive
    }
  };

  return {
    async decodeTiffPage(page, timeoutMs) {
      const result = await call({ op: 'decode-tiff', ...page }, timeoutMs);
      if (!result.ok) return result;
      return 'bitmap' in result.value
        ? { ok: true, value: result.value.bitmap }
        : { ok: false, reason: 'failed', message: 'unexpected answer' };
    },
    async recognise(image, dpi, timeoutMs) {
      const result = await call({ op: 'ocr', image, dpi }, timeoutMs);
      if (!result.ok) return result;
      return 'ocr' in result.value
        ? { ok: true, value: result.value.ocr }
        : { ok: false, reason: 'failed', message: 'unexpected answer' };
    },
    restart: stop,
    close: () => {
      closed = true;
      return stop();
    },
  };
}
