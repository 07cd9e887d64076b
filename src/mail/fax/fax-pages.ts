/**
 * Reading one fax attachment into pages: decode or rasterise each page in turn, add it to the
 * archive PDF, OCR it. Every problem becomes a note for the admin; nothing here throws for bad
 * input. Pages are processed strictly one after another so memory holds one page at a time.
 */
import type { ArchiveBuilder } from './archive-pdf.ts';
import type { FaxPart } from './fax-attachments.ts';
import { faxNotes } from './fax-notes.ts';
import type { FaxThread } from './fax-thread-client.ts';
import type { FaxPage } from './read-fax.ts';
import { PAGE_LIMITS, exceedsPageLimits, jpegHeader, pngHeader, pnmHeader, toPnm } from './page-image.ts';
import { OCR_DPI, ocrDpiFor, openPdfWorkspace } from './pdf-raster.ts';
import { pageForDecoder, readTiffDirectory } from './tiff-directory.ts';
import type { TiffPage } from './tiff-directory.ts';

/** State of one read(): what was found so far and what is left of the page budget. */
export interface ReadSession {
  thread: FaxThread;
  timeoutMs: number;
  /** Pages still allowed in this read (maxPages minus pages already taken). */
  budget: number;
  /** False when OCR is not possible (no data, engine failed): pages are still archived. */
  ocr: boolean;
  pages: FaxPage[];
  notes: string[];
  /** Something could not be read: a person must look at the fax. */
  incomplete: boolean;
  /** Started on the first page that needs it. */
  archiveBuilder: Promise<ArchiveBuilder> | null;
  archive: () => Promise<ArchiveBuilder>;
  /** The sole PDF attachment, archived as received once Poppler could open it. */
  pdfAsReceived: FaxPart | null;
  ocrMs: number[];
  ocrStartMs: number;
  /** Why Tesseract would not start in this read, if it would not. */
  engineFailure: string | null;
}

/**
 * Fax pixels are not square. Below this column/line ratio (204x196 is 1.04) OCR reads the page as
 * it is; above it (204x98 is 2.08) rows are repeated a whole number of times. Measured on the
 * 204x98 fixture: as is, OCR misread all three identity lines; rows doubled, it read them exactly;
 * stretched by the exact 2.08 (every twelfth row tripled) it still misread two of them.
 */
const MIN_STRETCH = 1.5;

function problem(session: ReadSession, note: string): void {
  session.notes.push(note);
  session.incomplete = true;
}

function newPage(session: ReadSession, width: number, height: number): FaxPage {
  const page: FaxPage = { index: session.pages.length, width, height, text: null, confidence: null };
  session.pages.push(page);
  session.budget -= 1;
  return page;
}

async function ocrPage(
  session: ReadSession,
  page: FaxPage,
  image: Uint8Array,
  dpi: number | null,
): Promise<void> {
  const started = performance.now();
  const result = await session.thread.recognise(image, dpi, session.timeoutMs);
  if (!result.ok) {
    if (result.message.startsWith('Tesseract:')) {
      // Its language data passed our check but Tesseract rejected it: no point trying each page.
      session.ocr = false;
      session.engineFailure = result.message;
      problem(session, faxNotes.ocrEngineFailed());
      await session.thread.restart();
    } else if (result.reason === 'timeout') {
      problem(session, faxNotes.ocrTimeout(page.index + 1, session.timeoutMs));
    } else {
      problem(session, faxNotes.ocrFailed(page.index + 1, result.message));
    }
    return;
  }
  session.ocrStartMs += result.value.startMs;
  session.ocrMs.push(Math.round(performance.now() - started - result.value.startMs));
  page.text = result.value.text.trim();
  page.confidence = result.value.confidence;
}

export async function readTiff(session: ReadSession, part: FaxPart): Promise<void> {
  const { filename, content } = part.attachment;
  const directory = readTiffDirectory(content, { maxPages: session.budget });
  if (!directory.ok) {
    problem(
      session,
      directory.tooManyPages
        ? faxNotes.tooManyPages(filename, session.budget)
        : faxNotes.tiffUnreadable(filename, directory.reason),
    );
    return;
  }
  if (directory.chainProblem !== null) {
    problem(session, faxNotes.tiffChainBroken(filename, directory.pages.length, directory.chainProblem));
  }
  for (const tiffPage of directory.pages) {
    const page = newPage(session, tiffPage.width, tiffPage.height);
    const n = page.index + 1;
    if (tiffPage.unsupported !== null) {
      problem(session, faxNotes.pageUnsupported(n, tiffPage.unsupported));
      continue;
    }
    if (exceedsPageLimits(tiffPage.width, tiffPage.height)) {
      problem(session, faxNotes.pageTooLarge(n, tiffPage.width, tiffPage.height));
      continue;
    }
    const forDecoder = pageForDecoder(tiffPage, content, directory.littleEndian);
    const decoded = await session.thread.decodeTiffPage(
      { ...forDecoder, width: tiffPage.width, height: tiffPage.height },
      session.timeoutMs,
    );
    if (!decoded.ok) {
      const note =
        decoded.reason === 'timeout'
          ? faxNotes.pageDecodeTimeout(n, session.timeoutMs)
          : faxNotes.pageDecodeFailed(n, decoded.message);
      problem(session, note);
      continue;
    }
    if (tiffPage.truncated) problem(session, faxNotes.pageTruncated(n));
    (await session.archive()).addBitmap(decoded.value, { x: tiffPage.xDpi, y: tiffPage.yDpi });
    if (session.ocr) await ocrPage(session, page, toPnm(decoded.value, ocrStretch(tiffPage)), tiffPage.xDpi);
  }
}

/** Whole-number row repetition that makes the page's pixels (nearly) square, within the page limits. */
export function ocrStretch(page: Pick<TiffPage, 'width' | 'height' | 'xDpi' | 'yDpi'>): number {
  const ratio = page.xDpi / page.yDpi;
  if (ratio < MIN_STRETCH) return 1;
  const room = Math.min(
    PAGE_LIMITS.maxSide / page.height,
    PAGE_LIMITS.maxPixels / (page.width * page.height),
  );
  return Math.max(1, Math.min(Math.round(ratio), Math.floor(room)));
}

export async function readPdf(session: ReadSession, part: FaxPart, sole: boolean): Promise<void> {
  const { filename, content } = part.attachment;
  const workspace = await openPdfWorkspace(content);
  try {
    const info = await workspace.info(session.budget, session.timeoutMs);
    if (!info.ok) {
      if (info.reason === 'no-poppler') {
        // Cannot check it, cannot OCR it: still the best archive there is.
        if (sole) session.pdfAsReceived = part;
        problem(session, faxNotes.noPoppler());
      } else {
        problem(session, faxNotes.pdfUnreadable(filename));
      }
      return;
    }
    if (sole) session.pdfAsReceived = part;
    if (info.pageCount > session.budget) {
      problem(session, faxNotes.tooManyPages(filename, session.budget));
      return;
    }
    if (!sole) {
      try {
        await (await session.archive()).addPdf(content);
      } catch {
        session.notes.push(faxNotes.pdfNotMerged(filename));
      }
    }
    for (let number = 1; number <= info.pageCount; number += 1) {
      const size = info.pages[number - 1] ?? { widthPt: 595, heightPt: 842 };
      const page = newPage(
        session,
        Math.round((size.widthPt / 72) * OCR_DPI),
        Math.round((size.heightPt / 72) * OCR_DPI),
      );
      if (!session.ocr) continue;
      const dpi = ocrDpiFor(size);
      if (dpi === null) {
        problem(session, faxNotes.pdfPageTooLarge(page.index + 1));
        continue;
      }
      const rendered = await workspace.render(number, dpi, session.timeoutMs);
      const header = rendered.ok ? pnmHeader(rendered.pgm) : null;
      if (!rendered.ok || header === null || exceedsPageLimits(header.width, header.height)) {
        problem(session, faxNotes.pdfRenderFailed(page.index + 1));
        continue;
      }
      page.width = header.width;
      page.height = header.height;
      await ocrPage(session, page, rendered.pgm, dpi);
    }
  } finally {
    await workspace.dispose();
  }
}

export async function readPicture(session: ReadSession, part: FaxPart): Promise<void> {
  const { filename, content } = part.attachment;
  const header = part.kind === 'png' ? pngHeader(content) : jpegHeader(content);
  if (header === null) {
    problem(session, faxNotes.imageUnreadable(filename));
    return;
  }
  const page = newPage(session, header.width, header.height);
  if (exceedsPageLimits(header.width, header.height)) {
    problem(session, faxNotes.pageTooLarge(page.index + 1, header.width, header.height));
    return;
  }
  try {
    const archive = await session.archive();
    if (part.kind === 'png') await archive.addPng(content, header.dpi);
    else await archive.addJpeg(content, header.dpi);
  } catch {
    problem(session, faxNotes.imageUnreadable(filename));
    return;
  }
  if (session.ocr) await ocrPage(session, page, content, header.dpi?.y ?? null);
}
