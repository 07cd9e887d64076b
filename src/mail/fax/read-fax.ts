/**
 * Reads the fax attached to a gateway mail: an archive PDF officials can open, the OCR text of
 * every page (Tesseract, Indonesian) and whether a person must type it in. Bad faxes are expected
 * input: read() answers with notes for the admin, never with an exception.
 */
import type { InboundAttachment } from '../parse/inbound-message.ts';
import type { FaxReader, FaxReading } from '../../use-cases/ports/fax-reader.ts';
import { createArchiveBuilder } from './archive-pdf.ts';
import { classifyAttachment } from './fax-attachments.ts';
import type { FaxPart } from './fax-attachments.ts';
import { faxNotes } from './fax-notes.ts';
import { readPdf, readPicture, readTiff } from './fax-pages.ts';
import type { ReadSession } from './fax-pages.ts';
import { createFaxThread } from './fax-thread-client.ts';
import { checkOcrData } from './ocr-data.ts';

export type { FaxPage, FaxReader, FaxReading } from '../../use-cases/ports/fax-reader.ts';

type Log = {
  info(o: object, m: string): void;
  warn(o: object, m: string): void;
  error(o: object, m: string): void;
};

export interface FaxReaderOptions {
  /** Folder of Tesseract's ind.traineddata (config `fax.ocrDataPath`). */
  ocrDataPath: string;
  log: Log;
  /** Below this mean confidence (0-100) the fax is marked for transcription. Default 60. */
  minConfidence?: number;
  /** Pages read per mail; a TIFF with more is not decoded at all. Default 30. */
  maxPages?: number;
  /** Time limit for decoding, rasterising or OCR of one page. Default 30 s. */
  pageTimeoutMs?: number;
}

/** Fewer letters and digits than this over the whole fax is a blank page or a photo, not a letter. */
const MIN_TEXT_CHARS = 10;

export function createFaxReader(options: FaxReaderOptions): FaxReader {
  const minConfidence = options.minConfidence ?? 60;
  const maxPages = options.maxPages ?? 30;
  const timeoutMs = options.pageTimeoutMs ?? 30_000;
  const { log } = options;
  // One thread, and in it one Tesseract worker, both started on first use and kept.
  const thread = createFaxThread({ langPath: options.ocrDataPath, log });
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  /**
   * Tesseract rejected these language data (same size and mtime) before: do not start it again
   * for every fax (a failed start costs up to ~6 s). Cleared by replacing the file or a restart.
   */
  let engineFailure: { signature: string; message: string } | null = null;

  const readOnce = async (attachments: readonly InboundAttachment[]): Promise<FaxReading> => {
    if (closed) throw new Error('FaxReader.read() after close()');
    const started = performance.now();
    const parts: FaxPart[] = [];
    for (const attachment of attachments) {
      const classified = classifyAttachment(attachment);
      if ('part' in classified) parts.push(classified.part);
      else
        log.info(
          { filename: attachment.filename, contentType: attachment.contentType, reason: classified.skipped },
          'fax: attachment is not a page',
        );
    }
    if (parts.length === 0) {
      return {
        archive: null,
        pages: [],
        text: null,
        confidence: null,
        needsTranscription: false,
        notes: [faxNotes.noFaxImage()],
      };
    }

    const { session, signature } = await newSession(parts);
    for (const part of parts) {
      const { filename } = part.attachment;
      if (session.budget < 1) {
        session.notes.push(faxNotes.budgetExhausted(filename, maxPages));
        session.incomplete = true;
        continue;
      }
      try {
        if (part.kind === 'tiff') await readTiff(session, part);
        else if (part.kind === 'pdf') await readPdf(session, part, parts.length === 1);
        else await readPicture(session, part);
      } catch (error) {
        log.error({ err: error, filename }, 'fax: unexpected error reading an attachment');
        session.notes.push(faxNotes.unexpected(filename));
        session.incomplete = true;
      }
    }
    if (session.engineFailure !== null && signature !== null) {
      log.error(
        { detail: session.engineFailure, ocrDataPath: options.ocrDataPath },
        'fax: Tesseract would not start',
      );
      engineFailure = { signature, message: session.engineFailure };
    }
    const reading = await finish(session, parts);
    log.info(
      {
        pages: reading.pages.length,
        ocrPages: session.ocrMs.length,
        ocrStartMs: session.ocrStartMs,
        ocrPageMs: session.ocrMs,
        confidence: reading.confidence,
        needsTranscription: reading.needsTranscription,
        ms: Math.round(performance.now() - started),
      },
      'fax read',
    );
    return reading;
  };

  const newSession = async (
    parts: FaxPart[],
  ): Promise<{ session: ReadSession; signature: string | null }> => {
    const notes: string[] = [];
    const data = await checkOcrData(options.ocrDataPath);
    const signature = data.ok ? data.signature : null;
    let ocr = data.ok;
    if (!data.ok) {
      log.warn(
        { file: data.file, problem: data.problem },
        'fax: no usable OCR data, faxes need manual transcription',
      );
      notes.push(
        data.problem === 'missing'
          ? faxNotes.ocrDataMissing(options.ocrDataPath)
          : faxNotes.ocrDataDamaged(data.file),
      );
    } else if (engineFailure !== null && engineFailure.signature === signature) {
      ocr = false;
      notes.push(faxNotes.ocrEngineFailed());
    }
    const title = `Faks ${parts[0]?.attachment.filename ?? ''}`.trim();
    const session: ReadSession = {
      thread,
      timeoutMs,
      budget: maxPages,
      ocr,
      pages: [],
      notes,
      incomplete: !ocr,
      archiveBuilder: null,
      archive: () => (session.archiveBuilder ??= createArchiveBuilder(title)),
      pdfAsReceived: null,
      ocrMs: [],
      ocrStartMs: 0,
      engineFailure: null,
    };
    return { session, signature };
  };

  const finish = async (session: ReadSession, parts: FaxPart[]): Promise<FaxReading> => {
    const { pages, notes } = session;
    let archive: FaxReading['archive'] = null;
    if (session.pdfAsReceived !== null) {
      const { filename, content } = session.pdfAsReceived.attachment;
      archive = { filename, content };
    } else if (session.archiveBuilder !== null) {
      const builder = await session.archiveBuilder;
      try {
        if (builder.pageCount > 0) {
          const base = (parts[0]?.attachment.filename ?? 'faks').replace(/\.[a-z0-9]{1,5}$/i, '');
          archive = { filename: `${base}.pdf`, content: await builder.save() };
        }
      } catch (error) {
        log.error({ err: error }, 'fax: archive PDF could not be written');
        notes.push(faxNotes.archiveFailed());
      }
    }

    const read = pages.filter((page) => page.text !== null && page.confidence !== null);
    const text = read.length > 0 ? read.map((page) => page.text).join('\n\n') : null;
    let confidence: number | null = null;
    let needsTranscription = session.incomplete || text === null;
    if (read.length > 0) {
      // Weighted by the characters read, so an empty cover page does not drag a clear letter down.
      const weights = read.map((page) => (page.text ?? '').replace(/\s/g, '').length);
      const total = weights.reduce((sum, w) => sum + w, 0);
      const mean =
        total > 0
          ? read.reduce((sum, page, i) => sum + (page.confidence ?? 0) * (weights[i] ?? 0), 0) / total
          : read.reduce((sum, page) => sum + (page.confidence ?? 0), 0) / read.length;
      confidence = Math.round(mean);
      const letters = (text ?? '').replace(/[^\p{L}\p{N}]/gu, '').length;
      if (letters < MIN_TEXT_CHARS) {
        notes.push(faxNotes.littleText());
        needsTranscription = true;
      } else if (confidence < minConfidence) {
        notes.push(faxNotes.lowConfidence(confidence, minConfidence));
        needsTranscription = true;
      }
    }
    if (pages.length === 0 && archive === null) needsTranscription = true;
    return { archive, pages, text, confidence, needsTranscription, notes };
  };

  return {
    read(attachments) {
      const run = queue.then(() => readOnce(attachments));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      closed = true;
      await thread.close();
    },
  };
}
