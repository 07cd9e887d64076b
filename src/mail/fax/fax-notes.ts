/** The admin's notes about a fax, in Bahasa Indonesia, in one place. Pages are counted from 1. */

const page = (n: number): string => `Halaman ${n}`;
const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} detik`;

export const faxNotes = {
  noFaxImage: () => 'Tidak ada halaman faks (TIFF, PDF atau gambar) yang terlampir.',
  ocrDataMissing: (dir: string) =>
    `Data OCR bahasa Indonesia (ind.traineddata) tidak ditemukan di ${dir}; faks perlu diketik manual.`,
  ocrDataDamaged: (file: string) =>
    `Data OCR bahasa Indonesia ${file} rusak atau tidak lengkap; faks perlu diketik manual.`,
  ocrEngineFailed: () =>
    'Mesin OCR (Tesseract) gagal berjalan dengan data bahasa Indonesia yang terpasang (periksa paket tesseract-ocr-ind); faks perlu diketik manual.',
  ocrTimeout: (n: number, ms: number) =>
    `${page(n)}: OCR dihentikan setelah ${seconds(ms)}; halaman ini perlu diketik manual.`,
  ocrFailed: (n: number, detail: string) =>
    `${page(n)}: OCR gagal (${detail}); halaman ini perlu diketik manual.`,
  lowConfidence: (confidence: number, min: number) =>
    `Keyakinan OCR ${confidence}% di bawah ambang ${min}%; periksa teks hasil OCR dengan gambar faks atau ketik ulang.`,
  littleText: () => 'OCR hampir tidak menemukan teks pada faks; faks perlu diketik manual.',
  tiffUnreadable: (file: string, reason: string) =>
    `Lampiran ${file}: berkas TIFF tidak dapat dibaca (${reason}); lampiran asli tetap tersimpan, faks perlu diketik manual.`,
  tiffChainBroken: (file: string, pages: number, reason: string) =>
    `Lampiran ${file}: hanya ${pages} halaman yang terbaca, sisanya rusak (${reason}); faks perlu dicek dengan lampiran asli.`,
  tooManyPages: (file: string, max: number) =>
    `Lampiran ${file} berisi lebih dari ${max} halaman (batas pemrosesan otomatis); lampiran asli tetap tersimpan, faks perlu diketik manual.`,
  budgetExhausted: (file: string, max: number) =>
    `Lampiran ${file} tidak diproses karena batas ${max} halaman per faks sudah tercapai; lampiran asli tetap tersimpan.`,
  pageTooLarge: (n: number, width: number, height: number) =>
    `${page(n)}: gambar ${width}×${height} piksel melebihi batas ukuran, tidak diproses; halaman ini perlu dicek dengan lampiran asli.`,
  pageUnsupported: (n: number, reason: string) =>
    `${page(n)}: ${reason}; halaman ini perlu dicek dengan lampiran asli.`,
  pageTruncated: (n: number) => `${page(n)}: data gambar terpotong, bagian bawah halaman mungkin kosong.`,
  pageDecodeTimeout: (n: number, ms: number) =>
    `${page(n)}: gambar tidak selesai dibaca dalam ${seconds(ms)} (data rusak?); halaman ini perlu dicek dengan lampiran asli.`,
  pageDecodeFailed: (n: number, detail: string) =>
    `${page(n)}: gambar rusak dan tidak dapat dibaca (${detail}); halaman ini perlu dicek dengan lampiran asli.`,
  pdfUnreadable: (file: string) =>
    `Lampiran ${file}: PDF rusak atau tidak dapat dibuka; lampiran asli tetap tersimpan, faks perlu diketik manual.`,
  pdfNotMerged: (file: string) =>
    `Lampiran ${file}: PDF tidak dapat digabung ke arsip faks; buka lampiran aslinya.`,
  noPoppler: () =>
    'Program poppler-utils (pdfinfo/pdftoppm) tidak terpasang; PDF faks tidak dapat di-OCR dan perlu diketik manual.',
  pdfPageTooLarge: (n: number) =>
    `${page(n)}: halaman PDF terlalu besar untuk OCR; halaman ini perlu diketik manual.`,
  pdfRenderFailed: (n: number) =>
    `${page(n)}: halaman PDF tidak dapat digambar untuk OCR; halaman ini perlu diketik manual.`,
  imageUnreadable: (file: string) =>
    `Lampiran ${file}: gambar rusak atau tidak dapat dibaca; lampiran asli tetap tersimpan.`,
  archiveFailed: () => 'Arsip PDF faks tidak dapat dibuat; buka lampiran aslinya.',
  unexpected: (file: string) =>
    `Lampiran ${file}: terjadi kesalahan tak terduga saat membaca faks; faks perlu diketik manual.`,
} as const;
