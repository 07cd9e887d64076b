import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { pageSize } from './archive-pdf.ts';
import { ocrStretch } from './fax-pages.ts';
import { exceedsPageLimits, jpegHeader, pngHeader, pnmHeader, sniffKind, toPnm } from './page-image.ts';

describe('toPnm', () => {
  it('writes a PBM whose rows are repeated to square the pixels', () => {
    // 10x2 bilevel: row 0 all black, row 1 white.
    const pnm = toPnm({ width: 10, height: 2, kind: 'bilevel', data: new Uint8Array([0xff, 0xc0, 0, 0]) }, 2);
    const header = 'P4\n10 4\n';
    expect(new TextDecoder().decode(pnm.subarray(0, header.length))).toBe(header);
    expect([...pnm.subarray(header.length)]).toEqual([0xff, 0xc0, 0xff, 0xc0, 0, 0, 0, 0]);
    expect(pnmHeader(pnm)).toEqual({ width: 10, height: 4 });
  });

  it('writes PGM for grayscale pages', () => {
    const pnm = toPnm({ width: 2, height: 1, kind: 'gray', data: new Uint8Array([10, 250]) });
    expect(new TextDecoder().decode(pnm.subarray(0, 11))).toBe('P5\n2 1\n255\n');
    expect([...pnm.subarray(-2)]).toEqual([10, 250]);
  });
});

describe('ocrStretch', () => {
  it('doubles rows of a 204x98 page and leaves 204x196 alone', () => {
    expect(ocrStretch({ width: 1728, height: 1146, xDpi: 204, yDpi: 98 })).toBe(2);
    expect(ocrStretch({ width: 1728, height: 2292, xDpi: 204, yDpi: 196 })).toBe(1);
  });

  it('never stretches past the page limits, whatever the file claims', () => {
    expect(ocrStretch({ width: 1728, height: 5000, xDpi: 2400, yDpi: 50 })).toBe(2);
  });
});

describe('image headers', () => {
  it('reads a JPEG photo size without decoding it', async () => {
    const mail = await simpleParser(
      readFileSync(new URL('../../../examples/mail/email-outlook-lampu-jalan.eml', import.meta.url)),
    );
    const photo = new Uint8Array(mail.attachments[0]!.content);
    expect(sniffKind(photo)).toBe('jpeg');
    expect(jpegHeader(photo)).toMatchObject({ width: 480, height: 360 });
  });

  it('reads PNG size and pHYs resolution', () => {
    const png = new Uint8Array(8 + 25 + 21);
    const view = new DataView(png.buffer);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    view.setUint32(8, 13);
    png.set(
      [...'IHDR'].map((c) => c.charCodeAt(0)),
      12,
    );
    view.setUint32(16, 1700);
    view.setUint32(20, 2200);
    view.setUint32(33, 9);
    png.set(
      [...'pHYs'].map((c) => c.charCodeAt(0)),
      37,
    );
    view.setUint32(41, 7874); // 200 dpi in pixels per metre
    view.setUint32(45, 7874);
    png[49] = 1;
    const header = pngHeader(png);
    expect(header).toMatchObject({ width: 1700, height: 2200 });
    expect(header?.dpi?.x).toBeCloseTo(200, 0);
  });

  it('knows the page limits', () => {
    expect(exceedsPageLimits(1728, 2292)).toBe(false);
    expect(exceedsPageLimits(200_000, 200_000)).toBe(true);
    expect(exceedsPageLimits(9_000, 9_000)).toBe(true); // 81 Mpx
  });
});

describe('pageSize', () => {
  it('sizes a fax page from its resolution and fits an unknown one to A4', () => {
    const fine = pageSize(1728, 2292, { x: 204, y: 196 });
    expect(fine.width).toBeCloseTo(609.9, 1);
    expect(fine.height).toBeCloseTo(842.0, 1);
    const photo = pageSize(480, 360, null);
    expect(photo.width).toBeLessThanOrEqual(841.9);
    expect(photo.height).toBeCloseTo(595.3, 1);
  });
});
