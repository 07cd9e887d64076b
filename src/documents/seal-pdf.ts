import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFDocument } from 'pdf-lib';
import type { SealPdf } from '../use-cases/ports/document-renderer.ts';

/**
 * A PAdES signature (ETSI.CAdES.detached) with the office's PKCS#12 certificate — e.g. its BSrE
 * certificate — inside a signed letter, which PDF validators (Acrobat, pdfsig) check on their own:
 * the ByteRange covers the whole file, so any later change breaks it. The letter is opened, a
 * signature placeholder added, written out again and signed in place.
 */
export function createPdfSeal(p12: Uint8Array, passphrase: string): SealPdf {
  const signpdf = new SignPdf();
  return async (pdf, details) => {
    // One signer per letter: P12Signer reads its certificate from a forge buffer that sign()
    // consumes, so a second sign() with the same signer finds no bytes ("Too few bytes to parse DER").
    const signer = new P12Signer(Buffer.from(p12), { passphrase });
    const document = await PDFDocument.load(pdf, { updateMetadata: false });
    pdflibAddPlaceholder({
      pdfDoc: document,
      reason: details.reason,
      contactInfo: details.contactInfo,
      name: details.name,
      location: details.location,
      signingTime: details.at,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      appName: 'Kotak Aduan',
    });
    const prepared = await document.save({ useObjectStreams: false });
    return new Uint8Array(await signpdf.sign(Buffer.from(prepared), signer, details.at));
  };
}
