import { readFileSync } from 'node:fs';
import path from 'node:path';

/** TrueType fonts embedded in every PDF: they must cover Indonesian text (Latin with accents). */
export interface DocumentFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  /** The family name DOCX files ask Word or LibreOffice for (not embedded there). */
  family: string;
}

/**
 * The fonts under templates/documents/fonts (Liberation Sans: Arial's metrics, as tata naskah
 * dinas asks for Arial; SIL OFL), or the office's own files from config. Read once per process.
 */
export function loadDocumentFonts(
  templatesDir: string,
  custom?: { regular: string; bold: string; family: string },
): DocumentFonts {
  const dir = path.join(templatesDir, 'documents', 'fonts');
  return {
    regular: readFileSync(custom?.regular ?? path.join(dir, 'LiberationSans-Regular.ttf')),
    bold: readFileSync(custom?.bold ?? path.join(dir, 'LiberationSans-Bold.ttf')),
    family: custom?.family ?? 'Arial',
  };
}
