/**
 * Page pixels between the decoder, the archive PDF and OCR, and the few header reads needed to
 * size an image before anything decodes it.
 */

/**
 * Decoded page. `bilevel`: rows of packed bits, most significant bit first, 1 = black, each row
 * padded to a whole byte (what a G3/G4 fax decodes to). `gray`: one byte a pixel. `rgb`: three.
 */
export interface Bitmap {
  width: number;
  height: number;
  kind: 'bilevel' | 'gray' | 'rgb';
  data: Uint8Array;
}

export type FaxKind = 'tiff' | 'pdf' | 'png' | 'jpeg';

/** Pages larger than this are refused before decoding: memory, not taste, sets the limit. */
export const PAGE_LIMITS = { maxSide: 10_000, maxPixels: 40_000_000 } as const;

export function exceedsPageLimits(width: number, height: number): boolean {
  return (
    width > PAGE_LIMITS.maxSide || height > PAGE_LIMITS.maxSide || width * height > PAGE_LIMITS.maxPixels
  );
}

export function bytesPerRow(bitmap: Pick<Bitmap, 'width' | 'kind'>): number {
  if (bitmap.kind === 'bilevel') return Math.ceil(bitmap.width / 8);
  return bitmap.width * (bitmap.kind === 'rgb' ? 3 : 1);
}

/**
 * The bitmap as PBM/PGM/PPM, which Tesseract reads without a compression round trip.
 * `yStretch` > 1 repeats rows (nearest neighbour) to make fax pixels square for OCR:
 * a 204x98 dpi page read as is loses letters ("Rusmiiati"); stretched it reads cleanly.
 */
export function toPnm(bitmap: Bitmap, yStretch = 1): Uint8Array {
  const row = bytesPerRow(bitmap);
  const height = Math.max(1, Math.round(bitmap.height * yStretch));
  const magic = bitmap.kind === 'bilevel' ? 'P4' : bitmap.kind === 'gray' ? 'P5' : 'P6';
  const maxval = bitmap.kind === 'bilevel' ? '' : '255\n';
  const header = new TextEncoder().encode(`${magic}\n${bitmap.width} ${height}\n${maxval}`);
  const out = new Uint8Array(header.length + row * height);
  out.set(header, 0);
  for (let y = 0; y < height; y += 1) {
    const source = Math.min(bitmap.height - 1, Math.floor(y / yStretch));
    out.set(bitmap.data.subarray(source * row, source * row + row), header.length + y * row);
  }
  return out;
}

/** What the first bytes say the file is, whatever the mail's Content-Type claims. */
export function sniffKind(bytes: Uint8Array): FaxKind | null {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'pdf'; // %PDF
  if (
    (b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) ||
    (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a)
  ) {
    return 'tiff';
  }
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  return null;
}

export interface ImageHeader {
  width: number;
  height: number;
  /** Pixels per inch when the file says so. */
  dpi: { x: number; y: number } | null;
}

/** Width, height and resolution from a PNG's IHDR and pHYs chunks. */
export function pngHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 33 || sniffKind(bytes) !== 'png') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  let dpi: ImageHeader['dpi'] = null;
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'pHYs' && length === 9 && at + 17 <= bytes.length && bytes[at + 16] === 1) {
      dpi = { x: view.getUint32(at + 8) * 0.0254, y: view.getUint32(at + 12) * 0.0254 };
    }
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  return { width, height, dpi: dpi && dpi.x >= 50 && dpi.y >= 50 ? dpi : null };
}

/** Width, height and JFIF density from a JPEG's markers (no decoding). */
export function jpegHeader(bytes: Uint8Array): ImageHeader | null {
  if (sniffKind(bytes) !== 'jpeg') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let dpi: ImageHeader['dpi'] = null;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = view.getUint16(at + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && at + 9 <= bytes.length) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7), dpi };
    }
    if (
      marker === 0xe0 &&
      at + 16 <= bytes.length &&
      String.fromCharCode(...bytes.subarray(at + 4, at + 8)) === 'JFIF'
    ) {
      const unit = bytes[at + 11];
      const x = view.getUint16(at + 12);
      const y = view.getUint16(at + 14);
      const perInch = unit === 1 ? 1 : unit === 2 ? 2.54 : 0;
      if (perInch > 0 && x * perInch >= 50 && y * perInch >= 50) dpi = { x: x * perInch, y: y * perInch };
    }
    at += 2 + length;
  }
  return null;
}

/** Width and height from a PBM/PGM/PPM header written by pdftoppm. */
export function pnmHeader(bytes: Uint8Array): { width: number; height: number } | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  const match = /^P[456]\s+(\d+)\s+(\d+)\s/.exec(head);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}
