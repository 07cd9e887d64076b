import { crc32, deflateRawSync } from 'node:zlib';

/** A cell: text, a number, a wall-clock time (its UTC fields are the local time), or empty. */
export type XlsxValue = string | number | Date | null;
export type XlsxCell = XlsxValue | { value: XlsxValue; bold: true };

export interface XlsxSheet {
  name: string;
  /** Column widths in characters. */
  widths: readonly number[];
  rows: readonly (readonly XlsxCell[])[];
  /** Keeps the first row in view while scrolling (a header). */
  freezeHeader?: boolean;
}

/**
 * A minimal Office Open XML workbook: text as inline strings, numbers, dates as serial numbers
 * shown "dd/mm/yyyy hh:mm", a bold header style, column widths, a frozen header row. Written by
 * hand because the register of a busy month has 100,000 rows: write-excel-file took 15 s for them
 * (shared-string lookups, per-cell XML objects, JavaScript deflate); this takes about a second.
 */
export function xlsxWorkbook(sheets: readonly XlsxSheet[]): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': Buffer.from(
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets
        .map(
          (_, n) =>
            `<Override PartName="/xl/worksheets/sheet${n + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('')}</Types>`,
    ),
    '_rels/.rels': Buffer.from(
      `${XML}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': Buffer.from(
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${OFFICE}"><sheets>${sheets
        .map((sheet, n) => `<sheet name="${escape(sheet.name)}" sheetId="${n + 1}" r:id="rId${n + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': Buffer.from(
      `${XML}<Relationships xmlns="${RELS}">${sheets
        .map(
          (_, n) =>
            `<Relationship Id="rId${n + 1}" Type="${OFFICE}/worksheet" Target="worksheets/sheet${n + 1}.xml"/>`,
        )
        .join(
          '',
        )}<Relationship Id="rId${sheets.length + 1}" Type="${OFFICE}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': Buffer.from(STYLES),
  };
  sheets.forEach((sheet, n) => {
    files[`xl/worksheets/sheet${n + 1}.xml`] = Buffer.from(sheetXml(sheet));
  });
  return zip(files);
}

/**
 * The files as a ZIP archive (what an XLSX is), each deflated by Node's zlib at level 1: the sheet
 * XML repeats itself so much that it still shrinks ten-fold, and native deflate takes a tenth of
 * the time of a JavaScript one on a 100,000-row register. Fixed timestamps: the same workbook gives
 * the same bytes.
 */
function zip(files: Record<string, Uint8Array>): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1; // 2026-01-01, 00:00
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data, { level: 1 });
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(header, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Styles: 0 plain, 1 bold, 2 date and time. */
const STYLES = `${XML}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;
const DAY_MS = 86_400_000;
/** 1970-01-01 in Excel's serial days (from 1899-12-30). */
const UNIX_EPOCH_SERIAL = 25_569;

function sheetXml(sheet: XlsxSheet): string {
  const width = Math.max(sheet.widths.length, ...sheet.rows.slice(0, 1).map((row) => row.length));
  const letters = Array.from({ length: width }, (_, n) => columnLetters(n));
  const parts: string[] = [`${XML}<worksheet xmlns="${MAIN}">`];
  if (sheet.freezeHeader) {
    parts.push(
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>',
    );
  }
  if (sheet.widths.length) {
    parts.push(
      `<cols>${sheet.widths.map((w, n) => `<col min="${n + 1}" max="${n + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`,
    );
  }
  parts.push('<sheetData>');
  sheet.rows.forEach((row, r) => {
    const line = r + 1;
    let xml = `<row r="${line}">`;
    row.forEach((cell, c) => {
      const bold = cell !== null && typeof cell === 'object' && !(cell instanceof Date);
      const value = bold ? cell.value : (cell as XlsxValue);
      if (value === null || value === '') return;
      const ref = `${letters[c] ?? columnLetters(c)}${line}`;
      if (typeof value === 'number') {
        xml += Number.isFinite(value) ? `<c r="${ref}"${bold ? ' s="1"' : ''}><v>${value}</v></c>` : '';
      } else if (value instanceof Date) {
        xml += `<c r="${ref}" s="2"><v>${value.getTime() / DAY_MS + UNIX_EPOCH_SERIAL}</v></c>`;
      } else {
        xml += `<c r="${ref}" t="inlineStr"${bold ? ' s="1"' : ''}><is><t xml:space="preserve">${escape(value)}</t></is></c>`;
      }
    });
    parts.push(`${xml}</row>`);
  });
  parts.push('</sheetData></worksheet>');
  return parts.join('');
}

/** A, B, …, Z, AA, AB, … */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

// Control characters other than tab and line breaks are not allowed in XML 1.0.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const NEEDS_ESCAPE = /[&<>"]/;

/** XML text: the five entities, and characters XML 1.0 cannot carry dropped. */
function escape(text: string): string {
  NOT_XML.lastIndex = 0;
  if (!NEEDS_ESCAPE.test(text) && !NOT_XML.test(text)) return text;
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
