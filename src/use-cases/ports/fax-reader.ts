import type { InboundAttachment } from '../../mail/parse/inbound-message.ts';

/**
 * Reading a fax: its pages (TIFF, PDF) into one archive PDF officials can open, and their text by
 * OCR. Implemented by src/mail/fax/read-fax.ts (Tesseract), which re-exports these types; the intake
 * use-cases depend on this port and not on the OCR engine.
 */
export interface FaxPage {
  /** Position among all fax pages of the mail, from 0 (notes count pages from 1). */
  index: number;
  /** Pixels as decoded (TIFF, PNG, JPEG) or as rendered for OCR (PDF, 300 dpi). */
  width: number;
  height: number;
  text: string | null;
  confidence: number | null;
}

export interface FaxReading {
  /** The pages as one PDF; null when there were no pages to archive. */
  archive: { filename: string; content: Uint8Array } | null;
  pages: FaxPage[];
  /** The text of all pages; null when OCR could not run or read nothing. */
  text: string | null;
  /** Mean OCR confidence, 0-100. */
  confidence: number | null;
  /** True when a person must type the fax in (no OCR data, low confidence, unreadable pages). */
  needsTranscription: boolean;
  /** What happened, for the audit trail ("OCR data for ind missing", "page 2 unreadable"). */
  notes: string[];
}

export interface FaxReader {
  read(attachments: readonly InboundAttachment[]): Promise<FaxReading>;
  close(): Promise<void>;
}

/** A fax-to-e-mail gateway's mail recognised by its configured patterns (fax.gateways). */
export interface FaxGatewayMatch {
  gateway: string;
  faxNumber: string | null;
}

export type RecogniseFaxGateway = (message: {
  from: string | null;
  subject: string;
  text: string;
}) => FaxGatewayMatch | null;
