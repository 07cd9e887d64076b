import type { DispositionWording } from '../../domain/documents/disposition-sheet.ts';
import type { DocumentModel, Kop, Paper } from '../../domain/documents/document-model.ts';
import type { DailyMonitoring } from '../../domain/reports/daily-monitoring.ts';
import type { MonthlyRecap } from '../../domain/reports/monthly-recap.ts';
import type { ResponseLetterWording } from '../../domain/documents/response-letter.ts';

/** What the answer letter's wording is filled with. */
export interface LetterWordingData {
  sapaan: string;
  tanggalTerima: string;
  saluran: string;
  nomorPengaduan: string;
  perihal: string;
}

/** The documents' words, from the office's editable templates (templates/documents/<lang>/). */
export interface DocumentWording {
  disposition(language: 'id' | 'en'): DispositionWording;
  responseLetter(
    language: 'id' | 'en',
    data: LetterWordingData,
  ): ResponseLetterWording & { hal: string; signedStatement: string };
}

/** Turns a document model into its two files: src/documents/document-renderer.ts. */
export interface DocumentRenderer {
  render(model: DocumentModel, at: Date): Promise<{ pdf: Uint8Array; docx: Uint8Array }>;
  wording: DocumentWording;
}

export interface DocumentSettings {
  renderer: DocumentRenderer;
  paper: Paper;
  /** "Paringin" in "Paringin, 22 November 2026". */
  place: string;
  /** "Pemerintah Kabupaten Balangan", the kop's first line. */
  government: string;
  logo: Uint8Array | null;
  /** The kop's address lines of a unit (Diskominfo's from office.kop, an OPD's from documents.units). */
  contactLines(unitCode: string): string[];
  klasifikasi: string;
  numbering: { lembar_disposisi: string; surat_tanggapan: string; agenda: string };
  /** The register's unit in the nomor agenda (office.shortName). */
  agendaUnit: string;
  /** What the QR code carries, with {kode}; null: the code itself. */
  verifyUrl: string | null;
  /** Puts a certificate signature (PAdES) into a signed letter; null when the office has none. */
  seal: SealPdf | null;
  /** The certificate signature's stated reason. */
  sealReason: string;
}

/** What a certificate signature in a PDF says, as readers show it. */
export interface SealDetails {
  name: string;
  reason: string;
  location: string;
  contactInfo: string;
  at: Date;
}

export type SealPdf = (pdf: Uint8Array, details: SealDetails) => Promise<Uint8Array>;

/** What a report's PDF heads its first page with and where it says it was made. */
export interface ReportLetterhead {
  name: string;
  timeZone: string;
  kop: Kop;
}

/** Turns report figures into files: src/documents/report-renderer.ts. */
export interface ReportRenderer {
  dailyPdf(figures: DailyMonitoring, office: ReportLetterhead, madeAt: Date): Promise<Uint8Array>;
  monthlyPdf(figures: MonthlyRecap, office: ReportLetterhead, madeAt: Date): Promise<Uint8Array>;
  /** The month's register and the recap's tables as a workbook. */
  registerXlsx(figures: MonthlyRecap, timeZone: string): Promise<Uint8Array>;
}

export interface ReportSettings {
  renderer: ReportRenderer;
  daily: { enabled: boolean; time: string; to: readonly string[] };
  monthly: { enabled: boolean; time: string; to: readonly string[] };
  /**
   * Makes the scheduled reports somewhere else (src/workers/report-maker.ts: a process that exits
   * with the report, so a recap over 100,000 complaints leaves none of its memory in the service);
   * absent, they are made in-process.
   */
  maker?: ReportMaker;
}

/** The reports as make-daily-report.ts and make-monthly-report.ts make them, as at `madeAt`. */
export interface ReportMaker {
  daily(dateKey: string, madeAt: Date): Promise<{ figures: DailyMonitoring; pdf: Uint8Array }>;
  monthly(
    year: number,
    month: number,
    madeAt: Date,
  ): Promise<{ figures: MonthlyRecap; pdf: Uint8Array; xlsx: Uint8Array }>;
}
