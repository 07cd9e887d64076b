import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { PAPER_SIZES } from '../domain/documents/document-model.ts';
import type { DocumentFonts } from './document-fonts.ts';
import { cachedFontkit, embedImage, printable, wrap } from './render-pdf.ts';
import type { ReportBlock, ReportDocument, TableColumn } from './report-blocks.ts';
import { formatNumber } from './report-format.ts';

const MARGIN = { left: 57, right: 42, top: 42, bottom: 50 };
const SIZE = 9.5;
const LINE = SIZE * 1.3;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.45, 0.45, 0.45);
const RULE = rgb(0.75, 0.75, 0.75);
const SHADE = rgb(0.93, 0.94, 0.96);
const ALERT = rgb(0.75, 0.1, 0.1);
const ALERT_SHADE = rgb(0.99, 0.92, 0.92);
/** Bar and line colours a head of office tells apart in print, also in grey. */
const PALETTE: RGB[] = [rgb(0.12, 0.35, 0.65), rgb(0.85, 0.45, 0.1), rgb(0.2, 0.6, 0.3), rgb(0.55, 0.3, 0.6)];

/**
 * A report (monitoring harian, rekap bulanan) as an A4 PDF: kop, title, then the blocks — headline
 * figures, tables that continue on the next page with their header repeated, and vector charts
 * (bars and lines drawn with pdf-lib, so they print sharp and the text in them stays text). Page
 * numbers and the "made by" line at the foot of every page.
 */
export async function renderReportPdf(
  report: ReportDocument,
  fonts: DocumentFonts,
  at: Date,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(cachedFontkit);
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  pdf.setTitle(report.meta.title);
  pdf.setSubject(report.meta.subject);
  pdf.setAuthor(report.meta.author);
  pdf.setKeywords(report.meta.keywords);
  pdf.setCreator('Kotak Aduan');
  pdf.setProducer('Kotak Aduan (pdf-lib)');
  pdf.setCreationDate(at);
  pdf.setModificationDate(at);
  pdf.setLanguage('id-ID');

  const layout = new ReportLayout(pdf, { regular, bold });
  await layout.kop(report);
  layout.title(report.title, report.subtitle);
  for (const block of report.blocks) layout.block(block);
  layout.footers(report.footer);
  return pdf.save({ useObjectStreams: false });
}

class ReportLayout {
  private page: PDFPage;
  private y: number;
  private readonly pages: PDFPage[] = [];
  private readonly width: number;
  private readonly height: number;

  private readonly pdf: PDFDocument;
  private readonly font: { regular: PDFFont; bold: PDFFont };

  constructor(pdf: PDFDocument, font: { regular: PDFFont; bold: PDFFont }) {
    this.pdf = pdf;
    this.font = font;
    [this.width, this.height] = PAPER_SIZES.A4;
    this.page = this.newPage();
    this.y = this.height - MARGIN.top;
  }

  private get right(): number {
    return this.width - MARGIN.right;
  }

  private get textWidth(): number {
    return this.right - MARGIN.left;
  }

  private newPage(): PDFPage {
    const page = this.pdf.addPage([this.width, this.height]);
    this.pages.push(page);
    this.page = page;
    this.y = this.height - MARGIN.top;
    return page;
  }

  /** Starts a new page unless `needed` points fit above the foot. */
  private room(needed: number): void {
    if (this.y - needed < MARGIN.bottom) this.newPage();
  }

  private widthOf(text: string, size = SIZE, isBold = false): number {
    return (isBold ? this.font.bold : this.font.regular).widthOfTextAtSize(printable(text), size);
  }

  private text(
    text: string,
    x: number,
    y: number,
    options: { size?: number; bold?: boolean; color?: RGB } = {},
  ): void {
    this.page.drawText(printable(text), {
      x,
      y,
      size: options.size ?? SIZE,
      font: options.bold ? this.font.bold : this.font.regular,
      color: options.color ?? BLACK,
    });
  }

  /** Text wrapped between left and right, moving the cursor down; returns the lines drawn. */
  private wrapped(
    text: string,
    left: number,
    right: number,
    options: { size?: number; bold?: boolean; align?: 'left' | 'center'; color?: RGB } = {},
  ): number {
    const size = options.size ?? SIZE;
    let count = 0;
    for (const paragraph of text.split('\n')) {
      for (const line of wrap(paragraph, right - left, (t) => this.widthOf(t, size, options.bold))) {
        this.room(size * 1.3);
        this.y -= size * 1.3;
        const x =
          options.align === 'center' ? (left + right - this.widthOf(line, size, options.bold)) / 2 : left;
        this.text(line, x, this.y + size * 0.25, options);
        count++;
      }
    }
    return count;
  }

  async kop(report: ReportDocument): Promise<void> {
    const { kop } = report;
    const top = this.y;
    let left = MARGIN.left;
    if (kop.logo) {
      const image = await embedImage(this.pdf, kop.logo);
      const h = 56;
      const w = (image.width / image.height) * h;
      this.page.drawImage(image, { x: MARGIN.left, y: top - h, width: w, height: h });
      left += w + 8;
    }
    this.wrapped(kop.government.toUpperCase(), left, this.right, { bold: true, size: 12, align: 'center' });
    this.wrapped(kop.unitName.toUpperCase(), left, this.right, { bold: true, size: 13, align: 'center' });
    for (const line of kop.contactLines) this.wrapped(line, left, this.right, { size: 8.5, align: 'center' });
    this.y = Math.min(this.y, top - (kop.logo ? 60 : 0)) - 4;
    this.page.drawLine({
      start: { x: MARGIN.left, y: this.y },
      end: { x: this.right, y: this.y },
      thickness: 2,
    });
    this.page.drawLine({
      start: { x: MARGIN.left, y: this.y - 3 },
      end: { x: this.right, y: this.y - 3 },
      thickness: 0.6,
    });
    this.y -= 10;
  }

  title(title: string, subtitle: string): void {
    this.wrapped(title.toUpperCase(), MARGIN.left, this.right, { bold: true, size: 13, align: 'center' });
    this.wrapped(subtitle, MARGIN.left, this.right, { size: 10, align: 'center' });
    this.y -= LINE * 0.6;
  }

  block(block: ReportBlock): void {
    switch (block.kind) {
      case 'heading':
        // A heading keeps the first lines of what it heads on its page.
        this.room(LINE * 7);
        this.y -= LINE * 0.4;
        this.wrapped(block.text, MARGIN.left, this.right, { bold: true, size: 11 });
        this.y -= LINE * 0.2;
        return;
      case 'paragraph':
        this.wrapped(block.text, MARGIN.left, this.right, {
          size: block.small ? 8 : SIZE,
          ...(block.small ? { color: GREY } : {}),
        });
        this.y -= LINE * 0.3;
        return;
      case 'figures':
        return this.figures(block.items);
      case 'table':
        return this.table(block.columns, block.rows, block.empty, new Set(block.alertRows ?? []));
      case 'bars':
        return this.bars(block);
      case 'lines':
        return this.lines(block);
      case 'page-break':
        this.newPage();
        return;
    }
  }

  private figures(items: { value: string; label: string; alert?: boolean }[]): void {
    const gap = 8;
    const w = (this.textWidth - gap * (items.length - 1)) / items.length;
    const h = 48;
    this.room(h + 8);
    const top = this.y;
    items.forEach((item, n) => {
      const x = MARGIN.left + n * (w + gap);
      this.page.drawRectangle({
        x,
        y: top - h,
        width: w,
        height: h,
        color: item.alert ? ALERT_SHADE : SHADE,
        borderColor: item.alert ? ALERT : RULE,
        borderWidth: 0.6,
      });
      const size = 18;
      this.text(item.value, x + (w - this.widthOf(item.value, size, true)) / 2, top - 24, {
        size,
        bold: true,
        ...(item.alert ? { color: ALERT } : {}),
      });
      const lines = wrap(item.label, w - 8, (t) => this.widthOf(t, 8));
      lines.slice(0, 2).forEach((line, k) => {
        this.text(line, x + (w - this.widthOf(line, 8)) / 2, top - 35 - k * 9, { size: 8, color: GREY });
      });
    });
    this.y = top - h - 10;
  }

  private table(columns: TableColumn[], rows: string[][], empty: string, alertRows: Set<number>): void {
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => (column.width / total) * this.textWidth);
    const size = 8.5;
    const line = size * 1.25;
    const pad = 3;
    const cellLines = (cells: string[], isBold: boolean) =>
      cells.map((cell, n) => wrap(cell, widths[n]! - pad * 2, (t) => this.widthOf(t, size, isBold)));
    const drawRow = (cells: string[][], isHeader: boolean, alert: boolean) => {
      const height = Math.max(...cells.map((lines) => lines.length)) * line + pad * 2;
      this.room(height);
      const top = this.y;
      if (isHeader || alert) {
        this.page.drawRectangle({
          x: MARGIN.left,
          y: top - height,
          width: this.textWidth,
          height,
          color: isHeader ? SHADE : ALERT_SHADE,
        });
      }
      let x = MARGIN.left;
      cells.forEach((lines, n) => {
        const column = columns[n]!;
        lines.forEach((text, k) => {
          const w = this.widthOf(text, size, isHeader);
          const tx =
            column.align === 'right'
              ? x + widths[n]! - pad - w
              : column.align === 'center'
                ? x + (widths[n]! - w) / 2
                : x + pad;
          this.text(text, tx, top - pad - (k + 1) * line + size * 0.3, { size, bold: isHeader });
        });
        x += widths[n]!;
      });
      this.page.drawLine({
        start: { x: MARGIN.left, y: top - height },
        end: { x: this.right, y: top - height },
        thickness: isHeader ? 0.8 : 0.3,
        color: isHeader ? BLACK : RULE,
      });
      this.y = top - height;
    };
    const header = cellLines(
      columns.map((column) => column.header),
      true,
    );
    this.room(LINE * 4);
    drawRow(header, true, false);
    if (!rows.length) {
      this.wrapped(empty, MARGIN.left + pad, this.right, { size, color: GREY });
    }
    rows.forEach((row, n) => {
      const cells = cellLines(row, false);
      const height = Math.max(...cells.map((lines) => lines.length)) * line + pad * 2;
      // The header again at the top of each new page of a long table.
      if (this.y - height < MARGIN.bottom) {
        this.newPage();
        drawRow(header, true, false);
      }
      drawRow(cells, false, alertRows.has(n));
    });
    this.y -= LINE * 0.8;
  }

  private bars(block: Extract<ReportBlock, { kind: 'bars' }>): void {
    const items = block.items;
    const barHeight = 11;
    const gap = 4;
    const height = LINE * 1.6 + Math.max(1, items.length) * (barHeight + gap) + 6;
    this.room(height);
    this.y -= LINE;
    this.text(block.title, MARGIN.left, this.y, { bold: true, size: 9.5 });
    this.y -= LINE * 0.6;
    const labelWidth = Math.min(
      this.textWidth * 0.38,
      Math.max(40, ...items.map((item) => this.widthOf(item.label, 8))) + 6,
    );
    const x0 = MARGIN.left + labelWidth;
    const span = this.textWidth - labelWidth - 60;
    const max = block.max ?? Math.max(1, ...items.map((item) => item.value));
    for (const item of items) {
      this.y -= barHeight + gap;
      const label = wrap(item.label, labelWidth - 6, (t) => this.widthOf(t, 8))[0] ?? '';
      this.text(label, x0 - 6 - this.widthOf(label, 8), this.y + 2.5, { size: 8 });
      const w = Math.max(0.5, (item.value / max) * span);
      this.page.drawRectangle({ x: x0, y: this.y, width: w, height: barHeight, color: PALETTE[0]! });
      const value = `${formatNumber(item.value)}${block.unit ?? ''}${item.note ? ` ${item.note}` : ''}`;
      this.text(value, x0 + w + 4, this.y + 2.5, { size: 8 });
    }
    if (!items.length) this.text('-', x0, this.y - barHeight, { size: 8, color: GREY });
    this.page.drawLine({
      start: { x: x0, y: this.y - 2 },
      end: { x: x0, y: this.y + items.length * (barHeight + gap) + 2 },
      thickness: 0.6,
      color: GREY,
    });
    this.y -= LINE;
  }

  private lines(block: Extract<ReportBlock, { kind: 'lines' }>): void {
    const plotHeight = 130;
    const height = LINE * 3 + plotHeight + 30;
    this.room(height);
    this.y -= LINE;
    this.text(block.title, MARGIN.left, this.y, { bold: true, size: 9.5 });
    const x0 = MARGIN.left + 28;
    const x1 = this.right - 8;
    const top = this.y - LINE * 0.8;
    const bottom = top - plotHeight;
    const max = niceMax(Math.max(1, ...block.series.flatMap((series) => series.values)));
    const steps = 4;
    for (let k = 0; k <= steps; k++) {
      const value = (max / steps) * k;
      const y = bottom + (plotHeight / steps) * k;
      this.page.drawLine({
        start: { x: x0, y },
        end: { x: x1, y },
        thickness: k ? 0.3 : 0.8,
        color: k ? RULE : GREY,
      });
      const label = formatNumber(value);
      this.text(label, x0 - 4 - this.widthOf(label, 7.5), y - 2.5, { size: 7.5, color: GREY });
    }
    const n = block.xLabels.length;
    const xAt = (i: number) => (n <= 1 ? (x0 + x1) / 2 : x0 + ((x1 - x0) * i) / (n - 1));
    block.xLabels.forEach((label, i) => {
      // Every label when few, else every other one: day numbers must not overlap.
      if (n > 16 && i % 2 === 1 && i !== n - 1) return;
      this.text(label, xAt(i) - this.widthOf(label, 7) / 2, bottom - 10, { size: 7, color: GREY });
    });
    block.series.forEach((series, s) => {
      const color = PALETTE[s % PALETTE.length]!;
      const points = series.values.map((value, i) => ({ x: xAt(i), y: bottom + (value / max) * plotHeight }));
      for (let i = 1; i < points.length; i++) {
        this.page.drawLine({ start: points[i - 1]!, end: points[i]!, thickness: 1.4, color });
      }
      for (const point of points) this.page.drawCircle({ x: point.x, y: point.y, size: 1.6, color });
    });
    // Legend under the plot.
    let lx = x0;
    const ly = bottom - 24;
    block.series.forEach((series, s) => {
      const color = PALETTE[s % PALETTE.length]!;
      this.page.drawLine({
        start: { x: lx, y: ly + 3 },
        end: { x: lx + 16, y: ly + 3 },
        thickness: 2,
        color,
      });
      this.text(series.name, lx + 20, ly, { size: 8 });
      lx += 30 + this.widthOf(series.name, 8);
    });
    this.y = ly - LINE;
  }

  footers(footer: string): void {
    const count = this.pages.length;
    this.pages.forEach((page, n) => {
      const pageText = `Halaman ${n + 1} dari ${count}`; // reports are in Indonesian (README)
      page.drawText(printable(footer), {
        x: MARGIN.left,
        y: 24,
        size: 7.5,
        font: this.font.regular,
        color: GREY,
      });
      page.drawText(pageText, {
        x: this.right - this.font.regular.widthOfTextAtSize(pageText, 7.5),
        y: 24,
        size: 7.5,
        font: this.font.regular,
        color: GREY,
      });
    });
  }
}

/** The axis top: 1, 2 or 5 times a power of ten at or above the largest value. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
