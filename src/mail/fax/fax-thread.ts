/**
 * Worker thread that decodes TIFF pages (UTIF) and runs OCR (one tesseract.js worker, started on
 * first use). It exists so that nothing a stranger's fax does can stall or crash intake: UTIF's
 * G3/G4 decoder takes minutes on junk data and grows arrays without bound, and tesseract.js throws
 * an uncaught exception from its message handler when language data fails to initialise. Here
 * those end this thread (killed on timeout by the caller, or ended by the error), not the process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import UTIF from 'utif2';
import type { IFD } from 'utif2';
import type {
  FaxThreadData,
  FaxThreadOutput,
  FaxThreadRequest,
  FaxThreadResponse,
  OcrOutput,
} from './fax-thread-protocol.ts';
import type { Bitmap } from './page-image.ts';
import type { TiffTags } from './tiff-directory.ts';

const { langPath } = workerData as FaxThreadData;
const port = parentPort;
if (port === null) throw new Error('fax-thread.ts must run as a worker thread');

let ocrWorker: Promise<Tesseract.Worker> | null = null;

// Tesseract's wasm writes its complaints to stderr (ours, through tesseract.js's own worker):
// hand them to the intake log instead of the terminal. (Worker stdio streams would do this too,
// but they keep an unref'd thread, and so the process, alive.)
for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.trim() !== '') port.postMessage({ output: text } satisfies FaxThreadOutput);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stream.write;
}

port.on('message', (request: FaxThreadRequest) => {
  void handle(request).then(
    (response) => reply(response),
    (error: unknown) =>
      reply({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

function reply(response: FaxThreadResponse): void {
  const transfer = 'bitmap' in response ? [response.bitmap.data.buffer as ArrayBuffer] : [];
  port?.postMessage(response, transfer);
}

async function handle(request: FaxThreadRequest): Promise<FaxThreadResponse> {
  if (request.op === 'decode-tiff') {
    return {
      id: request.id,
      ok: true,
      bitmap: decodeTiffPage(request.buffer, request.tags, request.width, request.height),
    };
  }
  return { id: request.id, ok: true, ocr: await recognise(request.image, request.dpi) };
}

function decodeTiffPage(buffer: ArrayBuffer, tags: TiffTags, width: number, height: number): Bitmap {
  const ifd = { ...tags } as unknown as IFD;
  UTIF.decodeImage(buffer, ifd);
  if (!(ifd.data instanceof Uint8Array)) throw new Error('no image data decoded');
  const first = (tag: string): number | undefined => {
    const value = tags[tag];
    return value instanceof Uint8Array ? undefined : value?.[0];
  };
  const bits = first('t258') ?? 1;
  const samples = first('t277') ?? 1;
  const photometric = first('t262') ?? 0;
  if (bits === 1 && samples === 1 && (photometric === 0 || photometric === 1)) {
    // Missing rows (a truncated strip) stay white.
    const data = new Uint8Array(Math.ceil(width / 8) * height);
    const decoded = ifd.data.subarray(0, data.length);
    if (photometric === 0) data.set(decoded);
    else for (let i = 0; i < decoded.length; i += 1) data[i] = ~(decoded[i] ?? 0) & 0xff;
    return { width, height, kind: 'bilevel', data };
  }
  const rgba = UTIF.toRGBA8(ifd);
  const pixels = width * height;
  let gray = true;
  for (let i = 0; i < pixels * 4 && gray; i += 4) gray = rgba[i] === rgba[i + 1] && rgba[i] === rgba[i + 2];
  const channels = gray ? 1 : 3;
  const data = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p += 1) {
    const alpha = rgba[p * 4 + 3] ?? 255;
    for (let c = 0; c < channels; c += 1) {
      // Transparent areas become paper white.
      data[p * channels + c] = Math.round(((rgba[p * 4 + c] ?? 255) * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  return { width, height, kind: gray ? 'gray' : 'rgb', data };
}

async function recognise(image: Uint8Array, dpi: number | null): Promise<OcrOutput> {
  let startMs = 0;
  if (ocrWorker === null) {
    const started = performance.now();
    ocrWorker = startOcr();
    try {
      await ocrWorker;
    } catch (error) {
      ocrWorker = null;
      throw error;
    }
    startMs = Math.round(performance.now() - started);
  }
  const worker = await ocrWorker;
  await worker.setParameters({ user_defined_dpi: dpi === null ? '0' : String(Math.round(dpi)) });
  const { data } = await worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
  return { text: data.text, confidence: data.confidence, startMs };
}

/**
 * tesseract.js never settles createWorker() when loading or initialising the language fails; it
 * only calls errorHandler. Turn that call into a rejection.
 */
function startOcr(): Promise<Tesseract.Worker> {
  return new Promise((resolve, reject) => {
    let settled = false;
    Tesseract.createWorker('ind', Tesseract.OEM.LSTM_ONLY, {
      langPath,
      gzip: false,
      cacheMethod: 'none',
      errorHandler: (error: unknown) => {
        if (!settled) reject(new Error(`Tesseract: ${String(error)}`));
        settled = true;
      },
    }).then(
      (worker) => {
        settled = true;
        resolve(worker);
      },
      (error: unknown) => {
        settled = true;
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
