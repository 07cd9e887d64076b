/** Messages between the intake process and the fax worker thread (see fax-thread.ts). */
import type { Bitmap } from './page-image.ts';
import type { TiffTags } from './tiff-directory.ts';

export interface FaxThreadData {
  /** Folder holding ind.traineddata, already checked by the caller. */
  langPath: string;
}

export type FaxThreadRequest =
  | { id: number; op: 'decode-tiff'; buffer: ArrayBuffer; tags: TiffTags; width: number; height: number }
  | { id: number; op: 'ocr'; image: Uint8Array; dpi: number | null };

export interface OcrOutput {
  text: string;
  /** Tesseract's mean word confidence, 0-100. */
  confidence: number;
  /** Milliseconds spent starting Tesseract for this request (0 when it was already running). */
  startMs: number;
}

export type FaxThreadResponse =
  | { id: number; ok: true; bitmap: Bitmap }
  | { id: number; ok: true; ocr: OcrOutput }
  | { id: number; ok: false; error: string };

/** What Tesseract's wasm prints (to stdout/stderr) in the thread, sent to the intake log instead. */
export interface FaxThreadOutput {
  output: string;
}

export type FaxThreadMessage = FaxThreadResponse | FaxThreadOutput;
