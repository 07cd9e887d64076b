import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { DocumentBlock, DocumentModel, SignatureBlock } from '../domain/documents/document-model.ts';
import { PAPER_SIZES } from '../domain/documents/document-model.ts';
import type { DocumentFonts } from './document-fonts.ts';
import { qrPng } from './qr-code.ts';

/** Points to twentieths of a point, DOCX's unit for sizes and spacing. */
const twip = (points: number) => Math.round(points * 20);
const MARGIN = { left: 85, right: 57, top: 57, bottom: 57 };
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const LINE_BORDER = { style: BorderStyle.SINGLE, size: 6, color: '000000' } as const;

/**
 * The document as an editable Word file from the same model as the PDF: real paragraphs, tables and
 * a kop with its double rule, so an office can correct a letter in Word or LibreOffice (a correction
 * becomes a new version; a signed file is never rewritten). Fonts are named, not embedded.
 */
export async function renderDocx(model: DocumentModel, fonts: DocumentFonts): Promise<Uint8Array> {
  const [width, height] = PAPER_SIZES[model.paper];
  const contentWidth = width - MARGIN.left - MARGIN.right;
  const run = (text: string, options: { bold?: boolean; size?: number; underline?: boolean } = {}) =>
    new TextRun({
      text,
      bold: options.bold ?? false,
      size: Math.round((options.size ?? 12) * 2),
      font: fonts.family,
      ...(options.underline ? { underline: {} } : {}),
    });
  const paragraph = (
    children: ParagraphChild[],
    options: { align?: 'center' | 'right'; firstLine?: number; left?: number; after?: number } = {},
  ) =>
    new Paragraph({
      children,
      ...(options.align
        ? { alignment: options.align === 'center' ? AlignmentType.CENTER : AlignmentType.RIGHT }
        : {}),
      indent: {
        ...(options.firstLine ? { firstLine: twip(options.firstLine) } : {}),
        left: twip(options.left ?? 0),
      },
      spacing: { after: twip(options.after ?? 0) },
    });

  const kop = model.kop;
  const kopText = [
    paragraph([run(kop.government.toUpperCase(), { bold: true, size: 14 })], { align: 'center' }),
    paragraph([run(kop.unitName.toUpperCase(), { bold: true, size: 15 })], { align: 'center' }),
    ...kop.contactLines.map((line) => paragraph([run(line, { size: 9.5 })], { align: 'center' })),
  ];
  const kopTable = new Table({
    width: { size: twip(contentWidth), type: WidthType.DXA },
    columnWidths: kop.logo ? [twip(80), twip(contentWidth - 80)] : [twip(contentWidth)],
    borders: {
      top: NO_BORDER,
      left: NO_BORDER,
      right: NO_BORDER,
      insideHorizontal: NO_BORDER,
      insideVertical: NO_BORDER,
      bottom: { style: BorderStyle.THICK_THIN_SMALL_GAP, size: 24, color: '000000' },
    },
    rows: [
      new TableRow({
        children: [
          ...(kop.logo
            ? [
                new TableCell({
                  width: { size: twip(80), type: WidthType.DXA },
                  children: [
                    paragraph([
                      new ImageRun({
                        type: kop.logo[0] === 0x89 ? 'png' : 'jpg',
                        data: kop.logo,
                        transformation: { width: 72, height: 72 },
                      }),
                    ]),
                  ],
                }),
              ]
            : []),
          new TableCell({ children: kopText }),
        ],
      }),
    ],
  });

  const children: (Paragraph | Table)[] = [kopTable, paragraph([], { after: 12 })];
  for (const block of model.blocks) children.push(...(await blockOf(block)));

  async function blockOf(block: DocumentBlock): Promise<(Paragraph | Table)[]> {
    switch (block.kind) {
      case 'heading':
        return [
          paragraph([run(block.text, { bold: true, size: 14 })], { align: 'center' }),
          ...(block.subtitle ? [paragraph([run(block.subtitle)], { align: 'center' })] : []),
          paragraph([], { after: 6 }),
        ];
      case 'place-date':
        return [paragraph([run(block.text)], { align: 'right', after: 10 })];
      case 'fields':
        return [fieldsTable(block.rows, block.boxed ?? false), paragraph([], { after: 8 })];
      case 'addressee':
        return [
          paragraph([], { after: 4 }),
          ...block.lines.map((line) => paragraph([run(line)])),
          paragraph([], { after: 6 }),
        ];
      case 'paragraph':
        return [paragraph([run(block.text)], { firstLine: block.indent ? 36 : 0, after: 6 })];
      case 'checklist':
        return [
          paragraph([run(block.title, { bold: true })], { after: 2 }),
          ...block.items.map((item) =>
            paragraph([run(item.checked ? '☑ ' : '☐ '), run(item.label)], { left: 6, after: 2 }),
          ),
          paragraph([], { after: 6 }),
        ];
      case 'note':
        return [
          paragraph([run(block.title, { bold: true })], { after: 2 }),
          new Table({
            width: { size: twip(contentWidth), type: WidthType.DXA },
            columnWidths: [twip(contentWidth)],
            rows: [
              new TableRow({
                children: [
                  new TableCell({
                    children: block.text.split('\n').map((line) => paragraph([run(line)])),
                  }),
                ],
              }),
            ],
          }),
          ...(block.paraf ? [paragraph([run(block.paraf, { size: 10 })], { after: 6 })] : []),
        ];
      case 'signature':
        return signature(block.signature);
      case 'list':
        return [
          paragraph([], { after: 6 }),
          paragraph([run(`${block.title}:`)]),
          ...block.items.map((item, n) => paragraph([run(`${n + 1}. ${item}`)])),
        ];
    }
  }

  function fieldsTable(rows: [string, string][], boxed: boolean): Table {
    const labelWidth = 130;
    const border = boxed ? LINE_BORDER : NO_BORDER;
    return new Table({
      width: { size: twip(contentWidth), type: WidthType.DXA },
      columnWidths: [twip(labelWidth), twip(12), twip(contentWidth - labelWidth - 12)],
      borders: {
        top: border,
        bottom: border,
        left: border,
        right: border,
        insideHorizontal: NO_BORDER,
        insideVertical: NO_BORDER,
      },
      rows: rows.map(
        ([label, value]) =>
          new TableRow({
            children: [
              new TableCell({ children: [paragraph([run(label)])] }),
              new TableCell({ children: [paragraph([run(':')])] }),
              new TableCell({ children: [paragraph([run(value || '-')])] }),
            ],
          }),
      ),
    });
  }

  async function signature(signature: SignatureBlock): Promise<Paragraph[]> {
    const left = contentWidth / 2;
    return [
      paragraph([], { after: 12 }),
      paragraph([run(signature.jabatan)], { left }),
      ...(signature.signed
        ? [
            paragraph(
              [
                new ImageRun({
                  type: 'png',
                  data: await qrPng(signature.signed.qrText),
                  transformation: { width: 96, height: 96 },
                }),
              ],
              { left },
            ),
            paragraph([run(signature.signed.statement, { size: 9 })], { left }),
            paragraph([run(signature.signed.at, { size: 9 })], { left }),
          ]
        : [paragraph([], { after: 48 })]),
      paragraph([run(signature.name, { bold: true, underline: true })], { left }),
      ...(signature.pangkat ? [paragraph([run(signature.pangkat)], { left })] : []),
      ...(signature.nip ? [paragraph([run(`NIP. ${signature.nip}`)], { left })] : []),
      paragraph([], { after: 6 }),
    ];
  }

  const document = new Document({
    creator: 'Kotak Aduan',
    title: model.meta.title,
    subject: model.meta.subject,
    keywords: model.meta.keywords.join(', '),
    lastModifiedBy: model.meta.author,
    styles: { default: { document: { run: { font: fonts.family, size: 24 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: twip(width), height: twip(height) },
            margin: {
              top: twip(MARGIN.top),
              right: twip(MARGIN.right),
              bottom: twip(MARGIN.bottom),
              left: twip(MARGIN.left),
            },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
