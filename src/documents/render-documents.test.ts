import { strFromU8, unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../config/paths.ts';
import { buildResponseLetter } from '../domain/documents/response-letter.ts';
import { loadDocumentFonts } from './document-fonts.ts';
import { createDocumentWording } from './document-wording.ts';
import { renderDocx } from './render-docx.ts';
import { renderPdf, wrap } from './render-pdf.ts';

// The renderers on their own: a long letter on F4 with a logo, read back page by page.

const fonts = loadDocumentFonts(TEMPLATES_DIR);
const wording = createDocumentWording(TEMPLATES_DIR).responseLetter('id', {
  sapaan: 'Bapak/Ibu',
  tanggalTerima: '23 November 2026',
  saluran: 'faksimile',
  nomorPengaduan: 'ADU-2026-000042',
  perihal: 'Air PDAM tidak mengalir',
});

function logo(): Buffer {
  const png = new PNG({ width: 40, height: 48 });
  png.data.fill(0xc0);
  return PNG.sync.write(png);
}

const paragraphs = Array.from(
  { length: 30 },
  (_, n) =>
    `Paragraf ${n + 1}: petugas Perumda Air Minum telah memeriksa pipa distribusi di Jl. Merdeka — kebocoran ditemukan pada sambungan Ø 4" dan biaya perbaikan Rp 1.250.000 ditanggung perusahaan.\tSelesai.`,
);
const letter = buildResponseLetter(
  {
    paper: 'F4',
    kop: {
      logo: logo(),
      government: 'Pemerintah Kabupaten Balangan',
      unitName: 'Perumda Air Minum Tirta Balangan',
      contactLines: ['Jl. Merdeka No. 2, Paringin'],
    },
    placeAndDate: 'Paringin, 30 November 2026',
    number: '000.8.3.4/3/PDAM/2026',
    sifat: 'Biasa',
    attachments: '-',
    hal: wording.hal,
    addressee: 'Bapak/Ibu Hj. Siti Aisyah',
    answer: paragraphs.join('\n\n'),
    signature: {
      jabatan: 'Plh. Direktur',
      name: 'René Saputra, S.T',
      pangkat: null,
      nip: null,
      signed: null,
    },
    tembusan: [],
    draft: false,
  },
  wording,
);

describe('renderPdf', () => {
  it('flows a long letter over pages of the paper asked for, with the kop and logo on the first', async () => {
    const pdf = await renderPdf(letter, fonts, new Date('2026-11-30T02:00:00Z'));
    const document = await PDFDocument.load(pdf);
    expect(document.getPageCount()).toBeGreaterThan(1);
    for (const page of document.getPages()) expect(page.getSize()).toEqual({ width: 609.45, height: 935.43 });
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/\/Subtype \/Image/);
    const proxy = await getDocumentProxy(new Uint8Array(pdf));
    const { text } = await extractText(proxy, { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (let n = 1; n <= 30; n++) expect(flat).toContain(`Paragraf ${n}: petugas`);
    expect(flat).toContain('Ø 4" dan biaya perbaikan Rp 1.250.000');
    expect(flat).toContain('René Saputra, S.T');
    expect(flat).toContain('PERUMDA AIR MINUM TIRTA BALANGAN');
    const firstPage = (await extractText(proxy)).text[0]!;
    expect(firstPage).toContain('PEMERINTAH KABUPATEN BALANGAN');
    expect((await extractText(proxy)).text[1]).not.toContain('PEMERINTAH KABUPATEN BALANGAN');
  });
});

describe('renderDocx', () => {
  it('writes the same letter as editable Word paragraphs with the logo as an image', async () => {
    const files = unzipSync(await renderDocx(letter, fonts));
    const xml = strFromU8(files['word/document.xml']!);
    expect(Object.keys(files).some((name) => name.startsWith('word/media/'))).toBe(true);
    expect(xml).toContain('Paragraf 30: petugas');
    expect(xml).toContain('w:w="12189"'); // F4 width in twips
    expect(xml).toContain('Yth. Bapak/Ibu Hj. Siti Aisyah');
  });
});

describe('wrap', () => {
  it('breaks by width, keeps words whole, and cuts only a word longer than the line', () => {
    const width = (text: string) => text.length;
    expect(wrap('satu dua tiga empat', 9, width)).toEqual(['satu dua', 'tiga', 'empat']);
    expect(wrap('https://contoh.go.id/sangat/panjang', 10, width)).toEqual([
      'https://co',
      'ntoh.go.id',
      '/sangat/pa',
      'njang',
    ]);
    expect(wrap('', 10, width)).toEqual(['']);
  });
});
