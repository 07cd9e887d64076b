import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDict,
  PDFDocument,
  PDFName,
  PDFString,
  rgb,
  type PDFFont,
  type PDFImage,
  type PDFPage,
} from 'pdf-lib';
import type { DocumentBlock, DocumentModel, SignatureBlock } from '../domain/documents/document-model.ts';
import { PAPER_SIZES } from '../domain/documents/document-model.ts';
import type { DocumentFonts } from './document-fonts.ts';
import { qrModules } from './qr-code.ts';

/**
 * fontkit as pdf-lib uses it, made fast for letters in Latin script:
 * - a TrueType file is parsed once per process (~80 ms each time otherwise); the parsed font is only
 *   read from, each document making its own subset;
 * - text maps character by character to glyphs. pdf-lib calls fontkit's full OpenType layout
 *   (GSUB/GPOS lookups) for every line drawn, ~0.5 ms a line, and then uses only the glyph ids
 *   and advance widths; Indonesian in Latin script needs no shaping, and pdf-lib applies no
 *   kerning either way. Without this a letter took ~50 ms, with it a few.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
export const cachedFontkit: typeof fontkit = {
  ...fontkit,
  create(bytes: Uint8Array, postscriptName?: string) {
    let font = parsedFonts.get(bytes);
    if (!font) {
      const parsed = fontkit.create(bytes, postscriptName);
      const glyphs = new Map<number, ReturnType<typeof parsed.glyphForCodePoint>>();
      const glyphOf = (codePoint: number) => {
        let glyph = glyphs.get(codePoint);
        if (!glyph) glyphs.set(codePoint, (glyph = parsed.glyphForCodePoint(codePoint)));
        return glyph;
      };
      parsed.layout = ((text: string) => ({
        glyphs: Array.from(text, (char) => glyphOf(char.codePointAt(0)!)),
      })) as unknown as typeof parsed.layout;
      parsedFonts.set(bytes, (font = parsed));
    }
    return font;
  },
};

/**
 * pdf-lib compresses every stream (page contents, the font subsets) with pako, deflate in
 * JavaScript: a fifth of a letter's time. Node's zlib is the same algorithm natively, with the
 * same output format. pdf-lib is no longer released, so this is patched here, once, on the pako
 * instance pdf-lib itself loads.
 */
const pako = createRequire(createRequire(import.meta.url).resolve('pdf-lib'))('pako') as {
  deflate: (data: Uint8Array) => Uint8Array;
};
pako.deflate = (data) => deflateSync(data);

/** The Info entry holding a signed document's verification code. */
export const VERIFICATION_KEY = 'AduanKodeVerifikasi';

/** Advance widths per character at size 1000, per font file, measured once per process. */
const advances = new WeakMap<Uint8Array, Map<string, number>>();

/** Tata naskah dinas margins: 3 cm left, 2 cm elsewhere (in points). */
const MARGIN = { left: 85, right: 57, top: 57, bottom: 57 };
const BODY = 12;
const LINE = BODY * 1.2;
const BLACK = rgb(0, 0, 0);

/**
 * The document as a PDF: the font embedded (subset), text laid out and wrapped by its real widths,
 * new pages as the text needs them, the kop on the first. `at` is the file's creation date, so the
 * same model at the same time gives the same bytes.
 */
export async function renderPdf(model: DocumentModel, fonts: DocumentFonts, at: Date): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(cachedFontkit);
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  pdf.setTitle(model.meta.title);
  pdf.setSubject(model.meta.subject);
  pdf.setAuthor(model.meta.author);
  pdf.setKeywords(model.meta.keywords);
  pdf.setCreator('Kotak Aduan');
  pdf.setProducer('Kotak Aduan (pdf-lib)');
  pdf.setCreationDate(at);
  pdf.setModificationDate(at);
  pdf.setLanguage('id-ID');
  if (model.meta.verificationCode) {
    // A literal (ASCII) string, unlike the standard entries pdf-lib writes as UTF-16 hex.
    const info = pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict);
    info.set(PDFName.of(VERIFICATION_KEY), PDFString.of(model.meta.verificationCode));
  }

  const layout = new Layout(pdf, model, { regular, bold }, fonts);
  await layout.kop();
  for (const block of model.blocks) await layout.block(block);
  // Without object streams the metadata stays readable text: `aduan verify` finds the code in a
  // file changed after signing even where the change broke its structure.
  return pdf.save({ useObjectStreams: false });
}

class Layout {
  private page!: PDFPage;
  private y = 0;
  private readonly width: number;
  private readonly height: number;
  private readonly pdf: PDFDocument;
  private readonly model: DocumentModel;
  private readonly font: { regular: PDFFont; bold: PDFFont };
  private readonly files: DocumentFonts;

  constructor(
    pdf: PDFDocument,
    model: DocumentModel,
    font: { regular: PDFFont; bold: PDFFont },
    files: DocumentFonts,
  ) {
    this.pdf = pdf;
    this.model = model;
    this.font = font;
    this.files = files;
    [this.width, this.height] = PAPER_SIZES[model.paper];
    this.newPage();
  }

  private get right(): number {
    return this.width - MARGIN.right;
  }

  private newPage(): void {
    this.page = this.pdf.addPage([this.width, this.height]);
    this.y = this.height - MARGIN.top;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  private room(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  private text(text: string, x: number, options: { bold?: boolean; size?: number } = {}): void {
    this.page.drawText(printable(text), {
      x,
      y: this.y,
      size: options.size ?? BODY,
      font: options.bold ? this.font.bold : this.font.regular,
      color: BLACK,
    });
  }

  /**
   * Sum of the characters' advances, each measured once: wrapping measures every candidate line,
   * and pdf-lib would run fontkit's full OpenType layout for each (most of a document's time).
   */
  private widthOf(text: string, bold = false, size = BODY): number {
    const font = bold ? this.font.bold : this.font.regular;
    const file = bold ? this.files.bold : this.files.regular;
    let widths = advances.get(file);
    if (!widths) advances.set(file, (widths = new Map()));
    let total = 0;
    for (const char of printable(text)) {
      let width = widths.get(char);
      if (width === undefined) widths.set(char, (width = font.widthOfTextAtSize(char, 1000)));
      total += width;
    }
    return (total * size) / 1000;
  }

  /** Writes wrapped lines from x to maxX; returns nothing, moves the cursor down. */
  private wrapped(
    text: string,
    x: number,
    maxX: number,
    options: { bold?: boolean; size?: number; firstIndent?: number; align?: 'left' | 'center' } = {},
  ): void {
    const size = options.size ?? BODY;
    const lines = wrap(
      text,
      maxX - x,
      (line) => this.widthOf(line, options.bold, size),
      options.firstIndent ?? 0,
    );
    lines.forEach((line, n) => {
      this.room(size * 1.2);
      const indent = n === 0 ? (options.firstIndent ?? 0) : 0;
      const left =
        options.align === 'center' ? x + (maxX - x - this.widthOf(line, options.bold, size)) / 2 : x + indent;
      this.y -= size;
      this.text(line, left, { ...options, size });
      this.y -= size * 0.2;
    });
  }

  async kop(): Promise<void> {
    const { kop } = this.model;
    const top = this.y;
    let textLeft = MARGIN.left;
    if (kop.logo) {
      const image = await embedImage(this.pdf, kop.logo);
      const h = 72;
      const w = (image.width / image.height) * h;
      this.page.drawImage(image, { x: MARGIN.left, y: top - h, width: w, height: h });
      textLeft = MARGIN.left + w + 8;
    }
    this.wrapped(kop.government.toUpperCase(), textLeft, this.right, {
      bold: true,
      size: 14,
      align: 'center',
    });
    this.wrapped(kop.unitName.toUpperCase(), textLeft, this.right, { bold: true, size: 15, align: 'center' });
    for (const line of kop.contactLines)
      this.wrapped(line, textLeft, this.right, { size: 9.5, align: 'center' });
    this.y = Math.min(this.y, top - (kop.logo ? 76 : 0)) - 4;
    // The kop's double rule: a thick line over a thin one.
    this.page.drawLine({
      start: { x: MARGIN.left, y: this.y },
      end: { x: this.right, y: this.y },
      thickness: 2.2,
    });
    this.page.drawLine({
      start: { x: MARGIN.left, y: this.y - 3 },
      end: { x: this.right, y: this.y - 3 },
      thickness: 0.6,
    });
    this.y -= 3 + LINE;
  }

  async block(block: DocumentBlock): Promise<void> {
    switch (block.kind) {
      case 'heading':
        this.room(LINE * 3);
        this.wrapped(block.text, MARGIN.left, this.right, { bold: true, size: 14, align: 'center' });
        if (block.subtitle) this.wrapped(block.subtitle, MARGIN.left, this.right, { align: 'center' });
        this.y -= LINE * 0.6;
        return;
      case 'place-date':
        this.room(LINE);
        this.y -= BODY;
        this.text(block.text, this.right - this.widthOf(block.text));
        this.y -= LINE * 0.8;
        return;
      case 'fields':
        return this.fields(block.rows, block.boxed ?? false);
      case 'addressee':
        this.y -= LINE * 0.5;
        for (const line of block.lines) this.wrapped(line, MARGIN.left, this.right);
        this.y -= LINE * 0.5;
        return;
      case 'paragraph':
        this.wrapped(block.text, MARGIN.left, this.right, { firstIndent: block.indent ? 36 : 0 });
        this.y -= LINE * 0.4;
        return;
      case 'checklist':
        return this.checklist(block.title, block.items);
      case 'note':
        return this.note(block.title, block.text, block.paraf);
      case 'signature':
        return this.signature(block.signature);
      case 'list':
        this.room(LINE * (block.items.length + 1));
        this.y -= LINE * 0.5;
        this.wrapped(`${block.title}:`, MARGIN.left, this.right);
        block.items.forEach((item, n) => this.wrapped(`${n + 1}. ${item}`, MARGIN.left, this.right));
        return;
    }
  }

  private fields(rows: [string, string][], boxed: boolean): void {
    const labelWidth = Math.max(...rows.map(([label]) => this.widthOf(label))) + 8;
    const valueLeft = MARGIN.left + (boxed ? 6 : 0) + labelWidth + 10;
    const top = this.y;
    const startPage = this.page;
    if (boxed) this.y -= 4;
    for (const [label, value] of rows) {
      this.room(LINE);
      const rowTop = this.y;
      this.y -= BODY;
      this.text(label, MARGIN.left + (boxed ? 6 : 0));
      this.text(':', valueLeft - 8);
      this.y = rowTop;
      this.wrapped(value || '-', valueLeft, this.right - (boxed ? 6 : 0));
    }
    if (boxed) {
      this.y -= 4;
      this.frame(top, startPage);
    }
    this.y -= LINE * 0.6;
  }

  /** A frame from `top` down to the cursor; one that ran onto the next page is left open. */
  private frame(top: number, startPage: PDFPage): void {
    if (this.page !== startPage) return;
    this.page.drawRectangle({
      x: MARGIN.left,
      y: this.y,
      width: this.right - MARGIN.left,
      height: top - this.y,
      borderColor: BLACK,
      borderWidth: 0.8,
    });
  }

  private checklist(title: string, items: { label: string; checked: boolean }[]): void {
    this.room(LINE * 2);
    this.wrapped(title, MARGIN.left, this.right, { bold: true });
    const box = 9;
    for (const item of items) {
      this.room(LINE);
      const rowTop = this.y;
      const x = MARGIN.left + 6;
      const boxY = rowTop - BODY + 1;
      this.page.drawRectangle({ x, y: boxY, width: box, height: box, borderColor: BLACK, borderWidth: 0.8 });
      if (item.checked) {
        this.page.drawLine({
          start: { x: x + 1.8, y: boxY + 4.5 },
          end: { x: x + 3.8, y: boxY + 1.8 },
          thickness: 1.4,
        });
        this.page.drawLine({
          start: { x: x + 3.8, y: boxY + 1.8 },
          end: { x: x + 7.6, y: boxY + 7.8 },
          thickness: 1.4,
        });
      }
      this.wrapped(item.label, x + box + 8, this.right);
    }
    this.y -= LINE * 0.5;
  }

  private note(title: string, text: string, paraf: string | undefined): void {
    this.room(LINE * 4);
    this.wrapped(title, MARGIN.left, this.right, { bold: true });
    const top = this.y;
    const startPage = this.page;
    this.y -= 4;
    for (const line of text.split('\n')) this.wrapped(line || ' ', MARGIN.left + 6, this.right - 6);
    this.y -= 6;
    this.frame(top, startPage);
    this.y -= LINE * 0.5;
    if (paraf) this.wrapped(paraf, MARGIN.left, this.right, { size: 10 });
  }

  private signature(signature: SignatureBlock): void {
    const left = MARGIN.left + (this.right - MARGIN.left) * 0.5;
    const qrSize = 72;
    this.room(LINE * 7 + (signature.signed ? qrSize : 48));
    this.y -= LINE;
    this.wrapped(signature.jabatan, left, this.right);
    if (signature.signed) {
      this.y -= 4;
      const modules = qrModules(signature.signed.qrText);
      const cell = qrSize / modules.size;
      const top = this.y;
      // One path for the whole code (a run of dark modules per rectangle), not a shape per module.
      let path = '';
      for (let row = 0; row < modules.size; row++) {
        for (let column = 0; column < modules.size; column++) {
          if (!modules.dark(row, column)) continue;
          let end = column;
          while (end + 1 < modules.size && modules.dark(row, end + 1)) end++;
          path += `M${column} ${row}h${end - column + 1}v1h${-(end - column + 1)}z`;
          column = end;
        }
      }
      this.page.drawSvgPath(path, { x: left, y: top, scale: cell, color: BLACK, borderWidth: 0 });
      const textLeft = left + qrSize + 8;
      this.wrapped(signature.signed.statement, textLeft, this.right, { size: 9 });
      this.wrapped(signature.signed.at, textLeft, this.right, { size: 9 });
      this.y = Math.min(this.y, top - qrSize) - 6;
    } else {
      this.y -= 48;
    }
    this.room(LINE * 3);
    this.y -= BODY;
    this.text(signature.name, left, { bold: true });
    const width = this.widthOf(signature.name, true);
    this.page.drawLine({
      start: { x: left, y: this.y - 1.5 },
      end: { x: left + width, y: this.y - 1.5 },
      thickness: 0.7,
    });
    this.y -= BODY * 0.2;
    if (signature.pangkat) this.wrapped(signature.pangkat, left, this.right);
    if (signature.nip) this.wrapped(`NIP. ${signature.nip}`, left, this.right);
    this.y -= LINE * 0.5;
  }
}

/** Greedy word wrap by measured width; a word wider than the line is broken by characters. */
export function wrap(
  text: string,
  maxWidth: number,
  widthOf: (text: string) => number,
  firstIndent = 0,
): string[] {
  const lines: string[] = [];
  let line = '';
  const limit = () => maxWidth - (lines.length === 0 ? firstIndent : 0);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (widthOf(candidate) <= limit()) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (widthOf(rest) > limit()) {
      let cut = rest.length - 1;
      while (cut > 1 && widthOf(rest.slice(0, cut)) > limit()) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** Tabs and control characters have no glyph; the font has the rest of Latin. */
export function printable(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '\t') out += ' ';
    else if (code >= 0x20 && code !== 0x7f) out += char;
  }
  return out;
}

export async function embedImage(pdf: PDFDocument, bytes: Uint8Array): Promise<PDFImage> {
  const png = bytes[0] === 0x89 && bytes[1] === 0x50;
  return png ? pdf.embedPng(bytes) : pdf.embedJpg(bytes);
}
