import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTiff, ifdOffsetsOf } from '../../../test/fixtures/fax/build-tiff.ts';
import { pageForDecoder, readTiffDirectory, resolutionOf } from './tiff-directory.ts';

const sample = new Uint8Array(
  readFileSync(new URL('../../../examples/fax/surat-pdam-2-halaman.tif', import.meta.url)),
);
const g3 = new Uint8Array(
  readFileSync(new URL('../../../test/fixtures/fax/fax-g3-2d-204x98.tif', import.meta.url)),
);

describe('readTiffDirectory', () => {
  it('reads the pages of a 2-page G4 fax with their resolution', () => {
    const directory = readTiffDirectory(sample, { maxPages: 30 });
    expect(directory.ok).toBe(true);
    if (!directory.ok) return;
    expect(directory.chainProblem).toBeNull();
    expect(
      directory.pages.map((p) => [
        p.width,
        p.height,
        p.compression,
        p.xDpi,
        p.yDpi,
        p.dpiFromFile,
        p.truncated,
        p.unsupported,
      ]),
    ).toEqual([
      [1728, 2292, 4, 204, 196, true, false, null],
      [1728, 2292, 4, 204, 196, true, false, null],
    ]);
  });

  it('reads a G3 page in strips of 128 rows at 204x98 dpi', () => {
    const directory = readTiffDirectory(g3, { maxPages: 30 });
    if (!directory.ok) throw new Error(directory.reason);
    const [page] = directory.pages;
    expect(page).toMatchObject({ width: 1728, height: 1146, compression: 3, xDpi: 204, yDpi: 98 });
    expect(page?.strips).toHaveLength(9);
    expect(page?.tags.t266).toEqual([2]); // FillOrder lsb-to-msb, passed on to the decoder
  });

  it('keeps the pages before a cut and says where the chain broke', () => {
    const directory = readTiffDirectory(sample.slice(0, 34_000), { maxPages: 30 });
    if (!directory.ok) throw new Error(directory.reason);
    expect(directory.pages).toHaveLength(1);
    expect(directory.chainProblem).toMatch(/di luar berkas/);
  });

  it('refuses a file cut before its first directory', () => {
    expect(readTiffDirectory(sample.slice(0, sample.length / 2), { maxPages: 30 })).toMatchObject({
      ok: false,
      tooManyPages: false,
    });
  });

  it('stops at a directory chain that loops back on itself', () => {
    const looped = sample.slice();
    const [first, second] = ifdOffsetsOf(looped);
    const view = new DataView(looped.buffer);
    view.setUint32(second! + 2 + view.getUint16(second!, true) * 12, first!, true);
    const directory = readTiffDirectory(looped, { maxPages: 30 });
    if (!directory.ok) throw new Error(directory.reason);
    expect(directory.pages).toHaveLength(2);
    expect(directory.chainProblem).toMatch(/berputar/);
  });

  it('refuses a file with more pages than allowed before reading them', () => {
    const page = { width: 8, height: 8, strip: new Uint8Array(4) };
    expect(
      readTiffDirectory(buildTiff(Array.from({ length: 31 }, () => page)), { maxPages: 30 }),
    ).toMatchObject({ ok: false, tooManyPages: true });
    expect(readTiffDirectory(buildTiff(Array.from({ length: 30 }, () => page)), { maxPages: 30 }).ok).toBe(
      true,
    );
  });

  it('reports what is not a TIFF', () => {
    expect(readTiffDirectory(new TextEncoder().encode('%PDF-1.4 ...'), { maxPages: 30 })).toMatchObject({
      ok: false,
      reason: 'bukan berkas TIFF',
    });
    expect(
      readTiffDirectory(new Uint8Array([0x49, 0x49, 43, 0, 8, 0, 0, 0]), { maxPages: 30 }),
    ).toMatchObject({ ok: false, reason: 'BigTIFF tidak didukung' });
  });

  it('marks a strip that runs past the end of the file as truncated', () => {
    const tiff = buildTiff([{ width: 1728, height: 100, strip: new Uint8Array(400).fill(0x55) }]);
    const view = new DataView(tiff.buffer);
    const ifd = ifdOffsetsOf(tiff)[0]!;
    view.setUint32(ifd + 2 + 8 * 12 + 8, 4000, true); // StripByteCounts claims 4000 bytes
    const directory = readTiffDirectory(tiff, { maxPages: 30 });
    if (!directory.ok) throw new Error(directory.reason);
    expect(directory.pages[0]?.truncated).toBe(true);
  });
});

describe('resolutionOf', () => {
  it('uses the file resolution, converting centimetres', () => {
    expect(resolutionOf(1728, 2292, 204, 196, 2)).toEqual({ xDpi: 204, yDpi: 196, dpiFromFile: true });
    expect(resolutionOf(1728, 2292, 80, 77, 3)).toMatchObject({ xDpi: 203.2, yDpi: 195.58 });
  });

  it('guesses fax resolution from the page width when the file has none', () => {
    expect(resolutionOf(1728, 2292, undefined, undefined, undefined)).toEqual({
      xDpi: 204,
      yDpi: 196,
      dpiFromFile: false,
    });
    expect(resolutionOf(1728, 1146, undefined, undefined, undefined)).toEqual({
      xDpi: 204,
      yDpi: 98,
      dpiFromFile: false,
    });
    expect(resolutionOf(1728, 1146, 2, 1, 1)).toEqual({ xDpi: 204, yDpi: 102, dpiFromFile: false });
    expect(resolutionOf(2480, 3508, 1, 1, 2)).toEqual({ xDpi: 200, yDpi: 200, dpiFromFile: false });
  });
});

describe('pageForDecoder', () => {
  it('copies only the page strips and rebases their offsets', () => {
    const directory = readTiffDirectory(sample, { maxPages: 30 });
    if (!directory.ok) throw new Error(directory.reason);
    const page = directory.pages[1]!;
    const { buffer, tags } = pageForDecoder(page, sample, directory.littleEndian);
    const strip = page.strips[0]!;
    expect(buffer.byteLength).toBe(4 + strip.length);
    expect(tags.t273).toEqual([4]);
    expect(new Uint8Array(buffer, 4)).toEqual(sample.subarray(strip.offset, strip.offset + strip.length));
  });
});
