import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { PAPER_SIZES } from '../domain/documents/document-model.ts';
import { splitMarkup, type ReplyCard } from '../domain/sop/reply-card.ts';
import type { DocumentFonts } from './document-fonts.ts';
import { cachedFontkit, printable } from './render-pdf.ts';

const MARGIN = 34;
const GUTTER = 16;
const INDENT = 10;
/** Largest body size first; the first that fits the whole card on one page is used. */
const SIZES = [9, 8.75, 8.5, 8.25, 8, 7.75, 7.5, 7.25, 7, 6.75, 6.5];
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.4, 0.4, 0.4);
const ACCENT = rgb(0.1, 0.25, 0.5);
const SHADE = rgb(0.93, 0.94, 0.96);

/**
 * The officials' reply-command card as one A4 page: title, then the sections flowing through two
 * columns in the documents' fonts. The body size steps down until everything fits, so a long SOP
 * still prints on one sheet; an SOP too long even at the smallest size is an error, not page two.
 */
export async function renderReplyCardPdf(
  card: ReplyCard,
  fonts: DocumentFonts,
  at: Date,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(cachedFontkit);
  const font: Fonts = {
    regular: await pdf.embedFont(fonts.regular, { subset: true }),
    bold: await pdf.embedFont(fonts.bold, { subset: true }),
  };
  pdf.setTitle(card.title);
  pdf.setSubject(card.subtitle.join(' — '));
  pdf.setCreator('Kotak Aduan');
  pdf.setProducer('Kotak Aduan (pdf-lib)');
  pdf.setCreationDate(at);
  pdf.setModificationDate(at);
  pdf.setLanguage('id-ID');

  const [width, height] = PAPER_SIZES.A4;
  const page = pdf.addPage([width, height]);
  const top = drawHeader(page, card, font, width, height);
  const bottom = drawFooter(page, card.footer, font, width);
  const columnWidth = (width - 2 * MARGIN - GUTTER) / 2;
  for (const size of SIZES) {
    const columns = intoColumns(layout(card, font, size, columnWidth), top - bottom);
    if (!columns) continue;
    columns.forEach((column, n) => {
      const x = MARGIN + n * (columnWidth + GUTTER);
      for (const placed of column) placed.block.draw(page, x, top - placed.y);
    });
    return pdf.save({ useObjectStreams: false });
  }
  throw new Error(
    `the reply card of "${card.subtitle.at(-1)}" does not fit on one page even at ${SIZES.at(-1)} pt`,
  );
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Lines that stay in one column: an entry, a heading with what follows it, a step with its first command. */
interface Block {
  height: number;
  /** Space above it, left out at the top of a column. */
  space: number;
  draw: (page: PDFPage, x: number, y: number) => void;
}

function drawHeader(page: PDFPage, card: ReplyCard, font: Fonts, width: number, height: number): number {
  let y = height - MARGIN - 14;
  const centred = (text: string, size: number, face: PDFFont, color = BLACK) => {
    const shown = printable(text);
    page.drawText(shown, {
      x: (width - face.widthOfTextAtSize(shown, size)) / 2,
      y,
      size,
      font: face,
      color,
    });
  };
  centred(card.title, 15, font.bold, ACCENT);
  for (const line of card.subtitle) {
    y -= 12;
    centred(line, 8.5, font.regular, GREY);
  }
  y -= 8;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: width - MARGIN, y }, thickness: 0.8, color: ACCENT });
  return y - 8;
}

/** The footer's top. */
function drawFooter(page: PDFPage, footer: string, font: Fonts, width: number): number {
  const size = 6.5;
  const lines = wrapRuns(footer, width - 2 * MARGIN, size, font);
  lines.forEach((runs, n) => {
    const y = MARGIN + (lines.length - 1 - n) * size * 1.25;
    const lineWidth = runs.reduce((sum, run) => sum + run.width, 0);
    drawRuns(page, runs, (width - lineWidth) / 2, y, size, GREY);
  });
  page.drawLine({
    start: { x: MARGIN, y: MARGIN + lines.length * size * 1.25 + 2 },
    end: { x: width - MARGIN, y: MARGIN + lines.length * size * 1.25 + 2 },
    thickness: 0.4,
    color: GREY,
  });
  return MARGIN + lines.length * size * 1.25 + 8;
}

/** The card's sections as blocks of one column's width, at a body size. */
function layout(card: ReplyCard, font: Fonts, size: number, width: number): Block[] {
  const leading = size * 1.25;
  const blocks: Block[] = [];
  const text = (markup: string, indent: number, hanging: number, space: number): Block => {
    const lines = wrapRuns(markup, width - indent, size, font, hanging);
    return {
      height: lines.length * leading,
      space,
      draw: (page, x, y) =>
        lines.forEach((runs, n) =>
          drawRuns(page, runs, x + indent + (n === 0 ? 0 : hanging), y - size - n * leading, size),
        ),
    };
  };
  for (const section of card.sections) {
    const headingSize = size + 1.5;
    const heading: Block = {
      height: headingSize * 1.4,
      space: size * 0.9,
      draw: (page, x, y) =>
        page.drawText(printable(section.heading), {
          x,
          y: y - headingSize,
          size: headingSize,
          font: font.bold,
          color: ACCENT,
        }),
    };
    // A heading is never left alone at the foot of a column: it goes with the item after it.
    let pending: Block | null = heading;
    section.items.forEach((item, n) => {
      let block: Block;
      if (item.kind === 'paragraph') block = text(item.text, 0, 0, 0);
      else if (item.kind === 'entry') block = text(item.text, item.level * INDENT, INDENT * 0.8, size * 0.25);
      else block = example(item.lines, size, width, font);
      const joined: Block = pending ? together(pending, block) : block;
      const next = section.items[n + 1];
      // A step keeps its first command with it.
      const leadsList =
        item.kind === 'entry' && item.level === 0 && next?.kind === 'entry' && next.level === 1;
      if (leadsList) pending = joined;
      else {
        blocks.push(joined);
        pending = null;
      }
    });
    if (pending) blocks.push(pending);
  }
  return blocks;
}

function together(first: Block, second: Block): Block {
  return {
    height: first.height + second.space + second.height,
    space: first.space,
    draw: (page, x, y) => {
      first.draw(page, x, y);
      second.draw(page, x, y - first.height - second.space);
    },
  };
}

/** A reply as typed, on a shaded ground. */
function example(lines: string[], size: number, width: number, font: Fonts): Block {
  const leading = size * 1.25;
  const height = lines.length * leading + size * 0.6;
  return {
    height,
    space: size * 0.3,
    draw: (page, x, y) => {
      page.drawRectangle({ x, y: y - height, width, height, color: SHADE });
      lines.forEach((line, n) =>
        page.drawText(printable(line), {
          x: x + 6,
          y: y - size * 0.3 - (n + 1) * leading + size * 0.25,
          size,
          font: font.regular,
        }),
      );
    },
  };
}

/** The blocks split over two columns of `height`, or null when they need more. */
function intoColumns(blocks: Block[], height: number): { block: Block; y: number }[][] | null {
  const columns: { block: Block; y: number }[][] = [[]];
  let used = 0;
  for (const block of blocks) {
    let space = columns.at(-1)!.length ? block.space : 0;
    if (used + space + block.height > height) {
      if (columns.length === 2 || block.height > height) return null;
      columns.push([]);
      used = 0;
      space = 0;
    }
    columns.at(-1)!.push({ block, y: used + space });
    used += space + block.height;
  }
  return columns;
}

interface Run {
  text: string;
  font: PDFFont;
  width: number;
}

/** Greedy word wrap over bold and regular words; wrapped lines are `hanging` narrower. */
function wrapRuns(markup: string, width: number, size: number, font: Fonts, hanging = 0): Run[][] {
  const words = splitMarkup(markup).flatMap((part) =>
    printable(part.text)
      .split(/(?<=\s)/)
      .filter(Boolean)
      .map((word) => ({ text: word, font: part.style === 'plain' ? font.regular : font.bold })),
  );
  const lines: Run[][] = [[]];
  let used = 0;
  for (const word of words) {
    const limit = width - (lines.length > 1 ? hanging : 0);
    if (used > 0 && used + word.font.widthOfTextAtSize(word.text.trimEnd(), size) > limit) {
      lines.push([]);
      used = 0;
    }
    const text = used === 0 ? word.text.trimStart() : word.text;
    const run = { text, font: word.font, width: word.font.widthOfTextAtSize(text, size) };
    lines.at(-1)!.push(run);
    used += run.width;
  }
  // A line's last space takes no room: centring and the next run start from the ink.
  return lines.map((runs) =>
    runs.map((run, n) => {
      if (n < runs.length - 1) return run;
      const text = run.text.trimEnd();
      return { ...run, text, width: run.font.widthOfTextAtSize(text, size) };
    }),
  );
}

function drawRuns(page: PDFPage, runs: Run[], x: number, y: number, size: number, color = BLACK): void {
  let left = x;
  for (const run of runs) {
    if (run.text) page.drawText(run.text, { x: left, y, size, font: run.font, color });
    left += run.width;
  }
}
