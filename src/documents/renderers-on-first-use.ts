import type { DocumentRenderer, ReportRenderer } from '../use-cases/ports/document-renderer.ts';
import { createDocumentWording } from './document-wording.ts';

// pdf-lib, fontkit and docx take about 50 MiB once loaded. Intake, replies and the sweeps never
// render, so the service loads them with its first document or report, not at start.

export function documentRendererOnFirstUse(templatesDir: string): DocumentRenderer {
  let loading: Promise<DocumentRenderer> | undefined;
  const renderer = () =>
    (loading ??= import('./document-renderer.ts').then((m) => m.createDocumentRenderer(templatesDir)));
  return {
    wording: createDocumentWording(templatesDir),
    render: async (model, at) => (await renderer()).render(model, at),
  };
}

export function reportRendererOnFirstUse(templatesDir: string): ReportRenderer {
  let loading: Promise<ReportRenderer> | undefined;
  const renderer = () =>
    (loading ??= import('./report-renderer.ts').then((m) => m.createReportRenderer(templatesDir)));
  return {
    dailyPdf: async (...args) => (await renderer()).dailyPdf(...args),
    monthlyPdf: async (...args) => (await renderer()).monthlyPdf(...args),
    registerXlsx: async (...args) => (await renderer()).registerXlsx(...args),
  };
}
