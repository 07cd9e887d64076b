/**
 * The archive PDF officials open: one page per fax page, at the page's real size. Fax bitmaps go
 * in losslessly as 1-bit Flate images (~25 KB a page), sized from the TIFF's resolution so a
 * 1728x2292 page at 204x196 dpi becomes an A4-sized 610x842 pt page, not a stretched one.
 */
import { deflateSync } from 'node:zlib';
import {
  PDFDocument,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import type { PDFPage, PDFRef } from 'pdf-lib';
import type { Bitmap } from './page-image.ts';

export interface ArchiveBuilder {
  readonly pageCount: number;
  addBitmap(bitmap: Bitmap, dpi: { x: number; y: number }): void;
  addPng(bytes: Uint8Array, dpi: { x: number; y: number } | null): Promise<void>;
  addJpeg(bytes: Uint8Array, dpi: { x: number; y: number } | null): Promise<void>;
  /** Copies every page of a PDF attachment; throws when pdf-lib cannot read it. */
  addPdf(bytes: Uint8Array): Promise<void>;
  save(): Promise<Uint8Array>;
}

const A4 = { short: 595.28, long: 841.89 };

export async function createArchiveBuilder(title: string): Promise<ArchiveBuilder> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreator('Kotak Aduan');
  doc.setProducer('Kotak Aduan (pdf-lib)');

  const placeImage = (ref: PDFRef, size: { width: number; height: number }): PDFPage => {
    const page = doc.addPage([size.width, size.height]);
    const name = page.node.newXObject('Faks', ref);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(size.width, 0, 0, size.height, 0, 0),
      drawObject(name),
      popGraphicsState(),
    );
    return page;
  };

  return {
    get pageCount() {
      return doc.getPageCount();
    },
    addBitmap(bitmap, dpi) {
      const image = doc.context.stream(deflateSync(bitmap.data), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: bitmap.width,
        Height: bitmap.height,
        ColorSpace: bitmap.kind === 'rgb' ? 'DeviceRGB' : 'DeviceGray',
        BitsPerComponent: bitmap.kind === 'bilevel' ? 1 : 8,
        Filter: 'FlateDecode',
        // Our bilevel bits are 1 = black; DeviceGray's default maps 0 to black.
        ...(bitmap.kind === 'bilevel' ? { Decode: [1, 0] } : {}),
      });
      placeImage(doc.context.register(image), pageSize(bitmap.width, bitmap.height, dpi));
    },
    async addPng(bytes, dpi) {
      const image = await doc.embedPng(bytes);
      placeImage(image.ref, pageSize(image.width, image.height, dpi));
    },
    async addJpeg(bytes, dpi) {
      const image = await doc.embedJpg(bytes);
      placeImage(image.ref, pageSize(image.width, image.height, dpi));
    },
    async addPdf(bytes) {
      const source = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
      const pages = await doc.copyPages(source, source.getPageIndices());
      for (const page of pages) doc.addPage(page);
    },
    save: () => doc.save(),
  };
}

/** Points from pixels and dpi; without a resolution, fit the image to an A4 page. */
export function pageSize(
  width: number,
  height: number,
  dpi: { x: number; y: number } | null,
): { width: number; height: number } {
  if (dpi !== null) return { width: (width * 72) / dpi.x, height: (height * 72) / dpi.y };
  const [boxW, boxH] = width > height ? [A4.long, A4.short] : [A4.short, A4.long];
  const scale = Math.min(boxW / width, boxH / height);
  return { width: width * scale, height: height * scale };
}
