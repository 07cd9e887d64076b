import { zoneLabel } from '../domain/calendar/zoned-time.ts';
import type { ReportRenderer } from '../use-cases/ports/document-renderer.ts';
import { dailyReportPages } from './daily-report-pages.ts';
import { loadDocumentFonts } from './document-fonts.ts';
import { monthlyReportPages } from './monthly-report-pages.ts';
import { renderRegisterXlsx } from './render-register-xlsx.ts';
import { renderReportPdf } from './render-report-pdf.ts';

/** Reports as PDF (pdf-lib, the documents' embedded fonts) and the register as XLSX. */
export function createReportRenderer(templatesDir: string): ReportRenderer {
  const fonts = loadDocumentFonts(templatesDir);
  return {
    dailyPdf: (figures, office, madeAt) =>
      renderReportPdf(dailyReportPages(figures, office, madeAt), fonts, madeAt),
    monthlyPdf: (figures, office, madeAt) =>
      renderReportPdf(monthlyReportPages(figures, office, madeAt), fonts, madeAt),
    registerXlsx: async (figures, timeZone) =>
      renderRegisterXlsx(figures, timeZone, zoneLabel(timeZone, figures.from)),
  };
}
