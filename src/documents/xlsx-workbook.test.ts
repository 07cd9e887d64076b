import readExcelFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { xlsxWorkbook } from './xlsx-workbook.ts';

describe('xlsxWorkbook', () => {
  it('writes text, numbers and times that an independent reader reads back, sheet by sheet', async () => {
    const bytes = xlsxWorkbook([
      {
        name: 'Register',
        widths: [10, 30, 12],
        freezeHeader: true,
        rows: [
          [
            { value: 'Nomor', bold: true },
            { value: 'Perihal', bold: true },
            { value: 'Diterima', bold: true },
          ],
          [
            'ADU-2026-000001',
            'Jalan berlubang & banjir <parah> di "Desa Sukamaju"',
            new Date(Date.UTC(2026, 9, 1, 10, 5)),
          ],
          ['ADU-2026-000002', null, 7.5],
        ],
      },
      { name: 'Rekap & ringkasan', widths: [], rows: [['Aduan masuk', 2]] },
    ]);
    const sheets = await readExcelFile(Buffer.from(bytes));
    expect(sheets.map((s) => s.sheet)).toEqual(['Register', 'Rekap & ringkasan']);
    expect(sheets[0]!.data).toEqual([
      ['Nomor', 'Perihal', 'Diterima'],
      [
        'ADU-2026-000001',
        'Jalan berlubang & banjir <parah> di "Desa Sukamaju"',
        new Date(Date.UTC(2026, 9, 1, 10, 5)),
      ],
      ['ADU-2026-000002', null, 7.5],
    ]);
    expect(sheets[1]!.data).toEqual([['Aduan masuk', 2]]);
  });

  it('keeps a citizen’s formula-looking text as text and drops characters XML cannot carry', async () => {
    const bytes = xlsxWorkbook([
      {
        name: 'Register',
        widths: [],
        rows: [['=HYPERLINK("http://contoh.test","klik")', 'bel\u0007 dan\u0000 nol\ttab']],
      },
    ]);
    const [sheet] = await readExcelFile(Buffer.from(bytes));
    expect(sheet!.data).toEqual([['=HYPERLINK("http://contoh.test","klik")', 'bel dan nol\ttab']]);
  });

  it('gives the same bytes for the same workbook', () => {
    const sheet = { name: 'A', widths: [5], rows: [['x', 1]] };
    expect(Buffer.from(xlsxWorkbook([sheet])).equals(Buffer.from(xlsxWorkbook([sheet])))).toBe(true);
  });
});
