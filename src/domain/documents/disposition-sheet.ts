import type { DocumentModel, Kop, Paper } from './document-model.ts';

/** Sifat of a letter (tata naskah dinas). */
export type Sifat = 'Biasa' | 'Segera' | 'Sangat Segera' | 'Rahasia';

/** What a lembar disposisi says; every value already in words, dates in the office's zone. */
export interface DispositionFacts {
  paper: Paper;
  kop: Kop;
  number: string;
  agendaNumber: string;
  receivedOn: string;
  /** "Surat dari": the complainant, or "Pelapor (dirahasiakan)". */
  from: string;
  letterNumber: string;
  letterDate: string;
  subject: string;
  sifat: Sifat;
  /** Who it goes to, ticked. */
  recipients: string[];
  /** The official's instructions as they wrote them (empty when none). */
  note: string;
  /** "Drs. Ahmad Fauzan, M.Si — Kepala Dinas …, 23 November 2026 pukul 10.15 WITA (balasan e-mail)". */
  paraf: string;
}

/** The office's wording (templates/documents/<lang>/lembar-disposisi.hbs). */
export interface DispositionWording {
  title: string;
  /** The instruction options of the form, one per line. */
  instructions: string[];
  labels: Record<
    | 'number'
    | 'agenda'
    | 'received'
    | 'from'
    | 'letterNumber'
    | 'letterDate'
    | 'subject'
    | 'sifat'
    | 'recipients'
    | 'instructions'
    | 'note'
    | 'paraf',
    string
  >;
}

const SIFAT_WORDS: [RegExp, Sifat][] = [
  [/\bsangat\s+segera\b/i, 'Sangat Segera'],
  [/\bsegera\b/i, 'Segera'],
];

/** Rahasia for a confidential complaint; otherwise what the official wrote ("segera"), or Biasa. */
export function sifatOf(confidential: boolean, note: string): Sifat {
  if (confidential) return 'Rahasia';
  return SIFAT_WORDS.find(([pattern]) => pattern.test(note))?.[1] ?? 'Biasa';
}

/**
 * The form's instructions ticked by what the official wrote: each option whose leading word
 * (Tindak, Pelajari, Koordinasikan, Laporkan, Untuk diketahui, Arsipkan) appears in the note;
 * the first ("Tindak lanjuti") when none does — a disposition always asks for something.
 */
export function tickedInstructions(options: readonly string[], note: string): boolean[] {
  const text = note.toLowerCase();
  const stems = options.map((option) => {
    const words = option.toLowerCase().split(/\s+/);
    return words[0] === 'untuk' ? words.slice(0, 2).join(' ') : (words[0] ?? '').replace(/(kan|i)$/, '');
  });
  const ticked = stems.map((stem) => stem.length >= 4 && text.includes(stem));
  if (!ticked.some(Boolean) && ticked.length) ticked[0] = true;
  return ticked;
}

export function buildDispositionSheet(facts: DispositionFacts, wording: DispositionWording): DocumentModel {
  const { labels } = wording;
  const ticks = tickedInstructions(wording.instructions, facts.note);
  return {
    kind: 'lembar_disposisi',
    paper: facts.paper,
    kop: facts.kop,
    blocks: [
      { kind: 'heading', text: wording.title, subtitle: `${labels.number} ${facts.number}` },
      {
        kind: 'fields',
        boxed: true,
        rows: [
          [labels.from, facts.from],
          [labels.letterNumber, facts.letterNumber],
          [labels.letterDate, facts.letterDate],
          [labels.received, facts.receivedOn],
          [labels.agenda, facts.agendaNumber],
          [labels.sifat, facts.sifat],
          [labels.subject, facts.subject],
        ],
      },
      {
        kind: 'checklist',
        title: labels.recipients,
        items: facts.recipients.map((label) => ({ label, checked: true })),
      },
      {
        kind: 'checklist',
        title: labels.instructions,
        items: wording.instructions.map((label, n) => ({ label, checked: ticks[n]! })),
      },
      { kind: 'note', title: labels.note, text: facts.note || '-', paraf: facts.paraf },
    ],
    meta: {
      title: `${wording.title} ${facts.number}`,
      subject: facts.subject,
      author: facts.kop.unitName,
      keywords: [facts.letterNumber, facts.number],
    },
  };
}
