import type { DocumentKind } from '../sop/sop-definition.ts';

/**
 * One layout-neutral model of an official document, rendered to PDF and to DOCX by the adapters in
 * src/documents/: both files say the same thing because both read this. Blocks follow the parts of
 * a letter in tata naskah dinas (Permendagri 1/2023): the kop, the letter's particulars, the
 * addressee, the paragraphs, the signature block, the tembusan.
 */

export type { DocumentKind };

export type Paper = 'A4' | 'F4';

/** Width and height in PDF points (1/72 inch): A4 210×297 mm, F4 (folio) 215×330 mm. */
export const PAPER_SIZES: Readonly<Record<Paper, readonly [number, number]>> = {
  A4: [595.28, 841.89],
  F4: [609.45, 935.43],
};

export interface Kop {
  /** The regional logo (PNG or JPEG bytes); none is fine. */
  logo: Uint8Array | null;
  /** e.g. "PEMERINTAH KABUPATEN BALANGAN" */
  government: string;
  /** e.g. "DINAS PEKERJAAN UMUM DAN PENATAAN RUANG" */
  unitName: string;
  /** Address, telephone, e-mail, website: one line each. */
  contactLines: string[];
}

export interface SignatureBlock {
  /** "Kepala Dinas …," — with "Plt." or "Plh." in front when an acting official signs. */
  jabatan: string;
  name: string;
  pangkat: string | null;
  nip: string | null;
  /** Set once signed: the statement, the time and what the QR code carries. */
  signed: { statement: string; at: string; qrText: string } | null;
}

export type DocumentBlock =
  | { kind: 'heading'; text: string; subtitle?: string }
  /** Right-aligned "Paringin, 22 November 2026". */
  | { kind: 'place-date'; text: string }
  /** Label : value rows (Nomor, Sifat, Lampiran, Hal; or the disposition's particulars). */
  | { kind: 'fields'; rows: [label: string, value: string][]; boxed?: boolean }
  /** "Yth." and the addressee's lines. */
  | { kind: 'addressee'; lines: string[] }
  | { kind: 'paragraph'; text: string; indent: boolean }
  /** A titled list of options, the chosen ones ticked (Diteruskan kepada; instructions). */
  | { kind: 'checklist'; title: string; items: { label: string; checked: boolean }[] }
  /** A titled box with free text (Catatan), and an optional paraf line under it. */
  | { kind: 'note'; title: string; text: string; paraf?: string }
  | { kind: 'signature'; signature: SignatureBlock }
  | { kind: 'list'; title: string; items: string[] };

export interface DocumentModel {
  kind: DocumentKind;
  paper: Paper;
  kop: Kop;
  blocks: DocumentBlock[];
  /** Written into the file's metadata: `verify` reads the code back from a changed file. */
  meta: {
    title: string;
    subject: string;
    author: string;
    keywords: string[];
    /** A signed document's code, also in the file's metadata as plain text for `aduan verify`. */
    verificationCode?: string;
  };
}
