import type { DocumentModel, Kop, Paper, SignatureBlock } from './document-model.ts';
import type { Sifat } from './disposition-sheet.ts';

/** What a surat tanggapan says; every value already in words, dates in the office's zone. */
export interface ResponseLetterFacts {
  paper: Paper;
  kop: Kop;
  /** "Paringin, 22 November 2026" */
  placeAndDate: string;
  /** Null on a draft: the number is given when it is signed. */
  number: string | null;
  sifat: Sifat;
  attachments: string;
  hal: string;
  /** After "Yth.": the complainant's name, or "Pelapor" for an anonymous complaint. */
  addressee: string;
  /** The answer as the official wrote it; blank lines separate paragraphs. */
  answer: string;
  signature: SignatureBlock;
  tembusan: string[];
  draft: boolean;
  /** Set when signed; also written into the file's metadata for `aduan verify`. */
  verificationCode?: string;
}

/** The office's wording (templates/documents/<lang>/surat-tanggapan.hbs). */
export interface ResponseLetterWording {
  opening: string;
  closing: string;
  /** Lines under the addressee, e.g. "di", "Tempat". */
  addresseeTail: string[];
  draftMark: string;
  numberPending: string;
  labels: Record<'number' | 'sifat' | 'attachments' | 'hal' | 'tembusan', string>;
}

export function buildResponseLetter(
  facts: ResponseLetterFacts,
  wording: ResponseLetterWording,
): DocumentModel {
  const { labels } = wording;
  const paragraphs = facts.answer
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
  return {
    kind: 'surat_tanggapan',
    paper: facts.paper,
    kop: facts.kop,
    blocks: [
      ...(facts.draft ? [{ kind: 'heading' as const, text: wording.draftMark }] : []),
      { kind: 'place-date', text: facts.placeAndDate },
      {
        kind: 'fields',
        rows: [
          [labels.number, facts.number ?? wording.numberPending],
          [labels.sifat, facts.sifat],
          [labels.attachments, facts.attachments],
          [labels.hal, facts.hal],
        ],
      },
      { kind: 'addressee', lines: [`Yth. ${facts.addressee}`, ...wording.addresseeTail] },
      { kind: 'paragraph', text: wording.opening, indent: true },
      ...paragraphs.map((text) => ({ kind: 'paragraph' as const, text, indent: true })),
      { kind: 'paragraph', text: wording.closing, indent: true },
      { kind: 'signature', signature: facts.signature },
      ...(facts.tembusan.length
        ? [{ kind: 'list' as const, title: labels.tembusan, items: facts.tembusan }]
        : []),
    ],
    meta: {
      title: `${facts.hal}${facts.number ? ` (${facts.number})` : ''}`,
      subject: facts.hal,
      author: facts.kop.unitName,
      keywords: facts.number ? [facts.number] : [],
      ...(facts.verificationCode ? { verificationCode: facts.verificationCode } : {}),
    },
  };
}
