import type { Kop } from '../domain/documents/document-model.ts';

/**
 * A report page's content as blocks, in reading order: what src/documents/render-report-pdf.ts
 * lays out. Built from the figures by daily-report-pages.ts and monthly-report-pages.ts.
 */
export type ReportBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; small?: boolean }
  /** Headline figures as tiles: "12 / Aduan masuk". */
  | { kind: 'figures'; items: { value: string; label: string; alert?: boolean }[] }
  | { kind: 'table'; columns: TableColumn[]; rows: string[][]; empty: string; alertRows?: readonly number[] }
  /** Horizontal bars, one per item, with the value at the bar's end. */
  | {
      kind: 'bars';
      title: string;
      items: { label: string; value: number; note?: string }[];
      unit?: string;
      max?: number;
    }
  /** Lines over the x labels (days of the month), with a legend. */
  | { kind: 'lines'; title: string; xLabels: string[]; series: { name: string; values: number[] }[] }
  | { kind: 'page-break' };

export interface TableColumn {
  header: string;
  /** Share of the text width. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface ReportDocument {
  kop: Kop;
  title: string;
  subtitle: string;
  /** "Dibuat Senin, 1 Desember 2026 pukul 08.00 WITA oleh Kotak Aduan" */
  footer: string;
  meta: { title: string; subject: string; author: string; keywords: string[] };
  blocks: ReportBlock[];
}
