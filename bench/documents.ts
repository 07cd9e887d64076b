/**
 * Document benchmark (part of `npm run bench`): finished documents per second, one core.
 *   baseline: pdf-lib writing an empty A4 page (create, addPage, save) — the floor of any PDF;
 *   PDF: a signed surat tanggapan (kop, fields, four paragraphs, QR signature block, tembusan) and
 *        a lembar disposisi, rendered by src/documents/render-pdf.ts with the embedded font subset;
 *   DOCX: the same letter by src/documents/render-docx.ts.
 * Each runs BENCH_DOC_SECONDS (default 2) per round after a warm-up, in BENCH_ROUNDS rounds
 * (default 3) interleaved with the baseline; the median round is reported. Target: ≥ 50 PDFs/s.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument } from 'pdf-lib';
import { TEMPLATES_DIR } from '../src/config/paths.ts';
import { buildDispositionSheet } from '../src/domain/documents/disposition-sheet.ts';
import type { Kop } from '../src/domain/documents/document-model.ts';
import { buildResponseLetter } from '../src/domain/documents/response-letter.ts';
import { loadDocumentFonts } from '../src/documents/document-fonts.ts';
import { createDocumentWording } from '../src/documents/document-wording.ts';
import { renderDocx } from '../src/documents/render-docx.ts';
import { renderPdf } from '../src/documents/render-pdf.ts';
import { machine, percentile, round } from './bench-support.ts';

const SECONDS = Number(process.env.BENCH_DOC_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RESULTS = path.resolve(import.meta.dirname, 'results/documents.json');

const fonts = loadDocumentFonts(TEMPLATES_DIR);
const wording = createDocumentWording(TEMPLATES_DIR);
const kop: Kop = {
  logo: null,
  government: 'Pemerintah Kabupaten Balangan',
  unitName: 'Dinas Pekerjaan Umum dan Penataan Ruang',
  contactLines: [
    'Jl. A. Yani Km 1, Paringin 71662, Telepon (0526) 2028061',
    'Pos-el: pupr@balangankab.go.id',
  ],
};
const letterWording = wording.responseLetter('id', {
  sapaan: 'Bapak/Ibu',
  tanggalTerima: '23 November 2026',
  saluran: 'e-mail',
  nomorPengaduan: 'ADU-2026-000001',
  perihal: 'Pengaduan jalan berlubang di Desa Sukamaju, Kec. Tanjung Harapan',
});
const letter = buildResponseLetter(
  {
    paper: 'A4',
    kop,
    placeAndDate: 'Paringin, 25 November 2026',
    number: '000.8.3.4/31/PUPR/2026',
    sifat: 'Biasa',
    attachments: '-',
    hal: letterWording.hal,
    addressee: 'Bapak/Ibu Budi Santoso',
    answer: Array.from(
      { length: 4 },
      (_, n) =>
        `Paragraf ${n + 1}: perbaikan jalan poros Desa Sukamaju dijadwalkan 7 Desember 2026 setelah tim Bina Marga meninjau lokasi; rambu peringatan telah dipasang di dua titik lubang terdalam dan warga diminta berhati-hati.`,
    ).join('\n\n'),
    signature: {
      jabatan: 'Plt. Kepala Dinas Pekerjaan Umum dan Penataan Ruang',
      name: 'Ir. H. Rahmadi, M.T',
      pangkat: 'Pembina Utama Muda (IV/c)',
      nip: '19700512 199803 1 007',
      signed: {
        statement: letterWording.signedStatement,
        at: 'Rabu, 25 November 2026 pukul 14.05 WITA · K7Q2-9XMR-4TLD',
        qrText: 'ADUAN-VERIFIKASI:K7Q2-9XMR-4TLD',
      },
    },
    tembusan: ['Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian'],
    draft: false,
    verificationCode: 'K7Q2-9XMR-4TLD',
  },
  letterWording,
);
const sheet = buildDispositionSheet(
  {
    paper: 'A4',
    kop: { ...kop, unitName: 'Dinas Komunikasi, Informatika, Statistik dan Persandian' },
    number: '000.8.3.4/12/DISKOMINFO/2026',
    agendaNumber: '27/2026',
    receivedOn: '23 November 2026',
    from: 'Budi Santoso, melalui e-mail',
    letterNumber: 'ADU-2026-000001',
    letterDate: '23 November 2026',
    subject: 'Pengaduan jalan berlubang di Desa Sukamaju, Kec. Tanjung Harapan',
    sifat: 'Segera',
    recipients: ['Admin Layanan Aduan OPD/Instansi/BUMD Dinas Pekerjaan Umum dan Penataan Ruang'],
    note: 'Segera tinjau lokasi dan laporkan hasilnya.',
    paraf: 'Paraf elektronik: Drs. Ahmad Fauzan, M.Si, Senin, 23 November 2026 pukul 10.15 WITA',
  },
  wording.disposition('id'),
);
const at = new Date('2026-11-25T06:05:00Z');

const subjects: Record<string, () => Promise<unknown>> = {
  'baseline: pdf-lib empty page': async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    return pdf.save();
  },
  'PDF surat tanggapan (signed, QR)': () => renderPdf(letter, fonts, at),
  'PDF lembar disposisi': () => renderPdf(sheet, fonts, at),
  'DOCX surat tanggapan': () => renderDocx(letter, fonts),
};

/** Documents per second over `seconds`, one at a time (one core). */
async function rate(run: () => Promise<unknown>, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  const start = performance.now();
  while (performance.now() < end) {
    await run();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}

for (const run of Object.values(subjects)) await rate(run, 0.5); // warm-up: JIT, font parse
const rounds: Record<string, number>[] = [];
for (let n = 0; n < ROUNDS; n++) {
  const figures: Record<string, number> = {};
  for (const [name, run] of Object.entries(subjects)) figures[name] = await rate(run, SECONDS);
  rounds.push(figures);
  console.error(
    `round ${n + 1}: ${Object.entries(figures)
      .map(([k, v]) => `${k} ${round(v)}/s`)
      .join('; ')}`,
  );
}
const median = (name: string) =>
  percentile(
    rounds.map((r) => r[name]!),
    50,
  );
const baseline = median('baseline: pdf-lib empty page');
const result = {
  machine: machine(),
  secondsPerRound: SECONDS,
  rounds: ROUNDS,
  perSecond: Object.fromEntries(Object.keys(subjects).map((name) => [name, round(median(name))])),
  ratioToBaseline: Object.fromEntries(
    Object.keys(subjects).map((name) => [name, round(median(name) / baseline, 3)]),
  ),
  target: '≥ 50 finished PDFs per second on one core',
  bytes: {
    letterPdf: (await renderPdf(letter, fonts, at)).byteLength,
    sheetPdf: (await renderPdf(sheet, fonts, at)).byteLength,
    letterDocx: (await renderDocx(letter, fonts)).byteLength,
  },
};
await writeFile(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
console.log(`
Documents (median of ${ROUNDS} rounds of ${SECONDS} s, one core)
${Object.keys(subjects)
  .map(
    (name) =>
      `  ${name.padEnd(36)} ${String(result.perSecond[name]).padStart(8)} /s   ×${result.ratioToBaseline[name]} of the baseline`,
  )
  .join('\n')}
  sizes: letter PDF ${result.bytes.letterPdf} B, disposition PDF ${result.bytes.sheetPdf} B, letter DOCX ${result.bytes.letterDocx} B
  results: ${path.relative(process.cwd(), RESULTS)}`);
