import type { DocumentModel } from '../domain/documents/document-model.ts';
import type { DocumentRenderer } from '../use-cases/ports/document-renderer.ts';
import { loadDocumentFonts } from './document-fonts.ts';
import { createDocumentWording } from './document-wording.ts';
import { renderDocx } from './render-docx.ts';
import { renderPdf } from './render-pdf.ts';

/** PDF and DOCX from one model, with the fonts and wording under templates/documents. */
export function createDocumentRenderer(templatesDir: string): DocumentRenderer {
  const fonts = loadDocumentFonts(templatesDir);
  return {
    wording: createDocumentWording(templatesDir),
    async render(model: DocumentModel, at: Date) {
      const pdf = await renderPdf(model, fonts, at);
      const docx = await renderDocx(model, fonts);
      return { pdf, docx };
    },
  };
}
