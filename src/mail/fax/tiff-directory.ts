/**
 * Reads a TIFF's page directories (IFDs) without touching pixel data, with every offset and count
 * checked against the file. UTIF's own `decode` follows IFD chains and tag counts blindly: a cyclic
 * chain never ends and a huge count allocates without limit, so fax files from strangers go
 * through this reader first and UTIF only ever sees one checked page at a time.
 */

/** Tag values shaped as UTIF expects them ("t259": [4]). */
export type TiffTags = Record<string, number[] | Uint8Array>;

export interface TiffStrip {
  offset: number;
  length: number;
}

export interface TiffPage {
  /** Position in the file, from 0. */
  index: number;
  width: number;
  height: number;
  compression: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  /** Pixels per inch; guessed from the fax page width when the file has no usable resolution. */
  xDpi: number;
  yDpi: number;
  dpiFromFile: boolean;
  /** Only the tags UTIF needs to decode the page. */
  tags: TiffTags;
  strips: TiffStrip[];
  /** Some strip data lies (partly) past the end of the file. */
  truncated: boolean;
  /** Why this page cannot be decoded at all (Indonesian, for the admin's note), or null. */
  unsupported: string | null;
}

export type TiffDirectory =
  | {
      ok: true;
      littleEndian: boolean;
      pages: TiffPage[];
      /** The chain broke after these pages. */ chainProblem: string | null;
    }
  | { ok: false; reason: string; tooManyPages: boolean };

/** Compression schemes UTIF decodes and fax gateways or scanners write. */
const SUPPORTED_COMPRESSION = new Set([1, 2, 3, 4, 5, 7, 8, 32773, 32946]);
const DECODER_TAGS = new Set([
  254, 256, 257, 258, 259, 262, 266, 273, 277, 278, 279, 284, 292, 293, 317, 320, 338, 339, 347, 530,
]);
const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};
const MAX_ENTRIES_PER_IFD = 500;
const MAX_VALUES_PER_TAG = 1_000_000;
/** Standard fax line widths (ITU-T T.4) at 204 and 408 dpi. */
const FAX_WIDTHS_204 = new Set([1728, 2048, 2432]);
const FAX_WIDTHS_408 = new Set([3456, 4096, 4864]);

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Absolute position of the first value. */
  at: number;
}

export function readTiffDirectory(bytes: Uint8Array, options: { maxPages: number }): TiffDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.byteLength;
  if (size < 8) return { ok: false, reason: 'berkas terlalu pendek untuk TIFF', tooManyPages: false };
  const order = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (order !== 'II' && order !== 'MM')
    return { ok: false, reason: 'bukan berkas TIFF', tooManyPages: false };
  const le = order === 'II';
  const magic = view.getUint16(2, le);
  if (magic === 43) return { ok: false, reason: 'BigTIFF tidak didukung', tooManyPages: false };
  if (magic !== 42) return { ok: false, reason: 'bukan berkas TIFF', tooManyPages: false };

  const u16 = (at: number): number => view.getUint16(at, le);
  const u32 = (at: number): number => view.getUint32(at, le);
  const seen = new Set<number>();
  const entriesOfPages: Entry[][] = [];
  let chainProblem: string | null = null;
  let next = u32(4);
  while (next !== 0) {
    if (seen.has(next)) {
      chainProblem = 'rantai direktori halaman berputar';
      break;
    }
    seen.add(next);
    if (next < 8 || next + 2 > size) {
      chainProblem = 'direktori halaman berada di luar berkas (berkas terpotong?)';
      break;
    }
    const count = u16(next);
    const end = next + 2 + count * 12;
    if (count === 0 || count > MAX_ENTRIES_PER_IFD || end + 4 > size) {
      chainProblem = 'direktori halaman rusak atau terpotong';
      break;
    }
    if (entriesOfPages.length === options.maxPages) {
      return { ok: false, reason: `berisi lebih dari ${options.maxPages} halaman`, tooManyPages: true };
    }
    const entries: Entry[] = [];
    for (let i = 0; i < count; i += 1) {
      const at = next + 2 + i * 12;
      const type = u16(at + 2);
      const n = u32(at + 4);
      const width = TYPE_SIZE[type];
      if (width === undefined) continue; // unknown types are skipped, as TIFF readers must
      const inline = n * width <= 4;
      entries.push({ tag: u16(at), type, count: n, at: inline ? at + 8 : u32(at + 8) });
    }
    entriesOfPages.push(entries);
    next = u32(end);
  }
  if (entriesOfPages.length === 0) {
    return { ok: false, reason: chainProblem ?? 'tidak ada halaman', tooManyPages: false };
  }

  const readValues = (entry: Entry): number[] | Uint8Array | null => {
    const width = TYPE_SIZE[entry.type] ?? 1;
    if (entry.count > MAX_VALUES_PER_TAG || entry.at + entry.count * width > size) return null;
    if (entry.type === 7 || entry.type === 2) return bytes.slice(entry.at, entry.at + entry.count);
    const values: number[] = [];
    for (let j = 0; j < entry.count; j += 1) {
      const at = entry.at + j * width;
      if (entry.type === 1 || entry.type === 6) values.push(view.getUint8(at));
      else if (entry.type === 3 || entry.type === 8) values.push(u16(at));
      else if (entry.type === 4 || entry.type === 9 || entry.type === 13) values.push(u32(at));
      else if (entry.type === 5 || entry.type === 10)
        values.push(u32(at + 4) === 0 ? 0 : u32(at) / u32(at + 4));
      else if (entry.type === 11) values.push(view.getFloat32(at, le));
      else values.push(view.getFloat64(at, le));
    }
    return values;
  };

  const pages = entriesOfPages.map((entries, index) => pageFrom(entries, index, readValues, size));
  return { ok: true, littleEndian: le, pages, chainProblem };
}

function pageFrom(
  entries: Entry[],
  index: number,
  readValues: (entry: Entry) => number[] | Uint8Array | null,
  fileSize: number,
): TiffPage {
  const tags: TiffTags = {};
  const numbers = new Map<number, number[]>();
  let badTag: number | null = null;
  for (const entry of entries) {
    if (!DECODER_TAGS.has(entry.tag) && ![282, 283, 296, 322].includes(entry.tag)) continue;
    const values = readValues(entry);
    if (values === null) {
      badTag = entry.tag;
      continue;
    }
    if (values instanceof Uint8Array) {
      if (entry.tag === 347) tags.t347 = values;
      continue;
    }
    numbers.set(entry.tag, values);
    if (DECODER_TAGS.has(entry.tag)) tags[`t${entry.tag}`] = values;
  }
  const first = (tag: number): number | undefined => numbers.get(tag)?.[0];
  const width = first(256) ?? 0;
  const height = first(257) ?? 0;
  const compression = first(259) ?? 1;
  const bitsPerSample = first(258) ?? 1;
  const samplesPerPixel = first(277) ?? 1;
  const offsets = numbers.get(273) ?? [];
  const counts = numbers.get(279);

  let truncated = false;
  const strips: TiffStrip[] = [];
  offsets.forEach((offset, i) => {
    const declared = counts?.[i] ?? fileSize - offset;
    const length = Math.max(0, Math.min(declared, fileSize - offset));
    if (length < declared) truncated = true;
    strips.push({ offset, length });
  });

  let unsupported: string | null = null;
  if (badTag !== null) unsupported = `nilai tag ${badTag} berada di luar berkas`;
  else if (width < 1 || height < 1) unsupported = 'ukuran halaman tidak ada';
  else if (numbers.has(322)) unsupported = 'TIFF bertile tidak didukung';
  else if (!SUPPORTED_COMPRESSION.has(compression))
    unsupported = `kompresi TIFF ${compression} tidak didukung`;
  else if (strips.length === 0) unsupported = 'data gambar tidak ada';
  else if ((numbers.get(284)?.[0] ?? 1) !== 1 && samplesPerPixel > 1)
    unsupported = 'TIFF planar tidak didukung';

  const dpi = resolutionOf(width, height, first(282), first(283), first(296));
  return {
    index,
    width,
    height,
    compression,
    bitsPerSample,
    samplesPerPixel,
    ...dpi,
    tags,
    strips,
    truncated,
    unsupported,
  };
}

/**
 * Pixels per inch from XResolution/YResolution/ResolutionUnit. Fax pixels are not square
 * (204x196 "fine", 204x98 "normal"): the archive page size and the OCR rescaling depend on it.
 */
export function resolutionOf(
  width: number,
  height: number,
  xRes: number | undefined,
  yRes: number | undefined,
  unit: number | undefined,
): { xDpi: number; yDpi: number; dpiFromFile: boolean } {
  const perInch = unit === 3 ? 2.54 : 1;
  const sane = (v: number | undefined): v is number =>
    v !== undefined && v * perInch >= 50 && v * perInch <= 2400;
  if (unit !== 1 && sane(xRes) && sane(yRes)) {
    return { xDpi: xRes * perInch, yDpi: yRes * perInch, dpiFromFile: true };
  }
  const faxX = FAX_WIDTHS_204.has(width) ? 204 : FAX_WIDTHS_408.has(width) ? 408 : null;
  if (faxX === null) return { xDpi: 200, yDpi: 200, dpiFromFile: false };
  // ResolutionUnit "none" still gives the pixel aspect ratio; without it, a page wider than
  // tall is a normal-resolution (98 lpi) A4 page.
  const ratio = unit === 1 && xRes && yRes ? yRes / xRes : height < width ? 98 / 204 : 196 / 204;
  return { xDpi: faxX, yDpi: faxX * ratio, dpiFromFile: false };
}

/**
 * One page's strips copied into a buffer of their own, with offsets rebased, so the decoder
 * thread receives only this page. The first two bytes keep the byte order UTIF looks for.
 */
export function pageForDecoder(
  page: TiffPage,
  bytes: Uint8Array,
  littleEndian: boolean,
): { buffer: ArrayBuffer; tags: TiffTags } {
  const total = page.strips.reduce((sum, s) => sum + s.length, 0);
  const out = new Uint8Array(4 + total);
  out[0] = out[1] = littleEndian ? 0x49 : 0x4d;
  const offsets: number[] = [];
  const counts: number[] = [];
  let at = 4;
  for (const strip of page.strips) {
    out.set(bytes.subarray(strip.offset, strip.offset + strip.length), at);
    offsets.push(at);
    counts.push(strip.length);
    at += strip.length;
  }
  return { buffer: out.buffer, tags: { ...page.tags, t273: offsets, t279: counts } };
}
