import { SOP_ACTIONS, type SopActionName } from '../sop/action-vocabulary.ts';

/**
 * The grammar of a reply by e-mail, for officials typing on a phone:
 *
 *   <COMMAND> [argument on the same line]
 *   [text on the following lines: instructions, the answer, the reason]
 *
 * The command is the first word (or two: JALUR CEPAT) of the reply's first non-empty line, above
 * the quoted mail (the caller strips it). Indonesian or the English alias, any case, trailing
 * punctuation ignored ("Setuju.", "setuju!"). Besides the SOP's actions (action-vocabulary.ts):
 *
 *   PERPANJANG [<n> HARI] <alasan>     EXTEND [<n> DAYS] <reason>
 *   DELEGASI <e-mail> [catatan]         DELEGATE <e-mail>     an acting official (Plt/Plh) acts instead
 *   STATUS [ADU-…]                      the complaint's current state, by return
 *
 * What the command needs is checked here (a reason for TOLAK/KEMBALIKAN/PERPANJANG, an address for
 * DELEGASI); JAWAB's text may come from the answer drafted at an earlier step, which only the
 * use-case knows; whether a command is valid at the complaint's step is the SOP engine's answer.
 */
export type ReplyCommand =
  | {
      kind: 'action';
      action: SopActionName;
      /** The rest of the command line, e.g. TERUSKAN's addressee or TOLAK's reason. */
      argument: string;
      /** The following lines: instructions, the answer text. */
      body: string;
      /** PERPANJANG: the days asked for, when given. */
      days?: number;
    }
  | { kind: 'delegate'; email: string; note: string }
  | { kind: 'status'; trackingNumber: string | null };

export type ReplyProblem = 'empty' | 'unknown' | 'ambiguous' | 'missing-text' | 'bad-argument';

export type ParsedReply =
  | { ok: true; command: ReplyCommand; line: string }
  | {
      ok: false;
      problem: ReplyProblem;
      /** The line read as the command (empty when there was none). */
      line: string;
      /** Indonesian, for the reply that explains what was understood. */
      message: string;
    };

type Keyword = SopActionName | 'delegasi' | 'status';

/** Every spelling a keyword is recognised by, upper case, multi-word ones with single spaces. */
const SPELLINGS: readonly (readonly [string, Keyword])[] = (
  [
    ...Object.entries(SOP_ACTIONS).flatMap(([name, action]): [string, Keyword][] => [
      [action.command, name as SopActionName],
      [action.alias, name as SopActionName],
    ]),
    // Signers type what they would write on paper: TTD (tanda tangan), SIGN.
    ['TTD', 'setuju'],
    ['SIGN', 'setuju'],
    ['JALURCEPAT', 'jalur_cepat'],
    ['FASTLANE', 'jalur_cepat'],
    ['DELEGASI', 'delegasi'],
    ['DELEGATE', 'delegasi'],
    ['STATUS', 'status'],
  ] satisfies [string, Keyword][]
)
  // Longest first, so JALUR CEPAT is not read as an unknown JALUR.
  .sort((a, b) => b[0].length - a[0].length);

const NEEDS_REASON: ReadonlySet<SopActionName> = new Set(['tolak', 'kembalikan', 'perpanjang']);
/** Words between keywords that make a line a choice between commands, not a command. */
const JOINERS = /^(?:\/|,|\||-|atau|dan|or|and|&|\+)$/i;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const TRACKING = /^[A-Z]{2,10}-\d{4}-\d{1,10}$/i;

export function parseReplyCommand(reply: string): ParsedReply {
  const lines = reply.replace(/\r\n/g, '\n').split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) {
    return {
      ok: false,
      problem: 'empty',
      line: '',
      message: 'Balasan Anda kosong: tulis perintah pada baris pertama, di atas kutipan e-mail.',
    };
  }
  const line = lines[first]!.trim();
  const body = lines
    .slice(first + 1)
    .join('\n')
    .trim();
  const found = keywordAt(line);
  if (!found) {
    return {
      ok: false,
      problem: 'unknown',
      line,
      message: `Baris pertama balasan Anda ("${shorten(line)}") tidak diawali perintah yang dikenal.`,
    };
  }
  const argument = found.rest;
  if (isChoice(argument)) {
    return {
      ok: false,
      problem: 'ambiguous',
      line,
      message: `Baris pertama balasan Anda ("${shorten(line)}") berisi lebih dari satu perintah: pilih satu.`,
    };
  }

  if (found.keyword === 'status') {
    const trackingNumber = argument.split(/\s+/)[0] ?? '';
    return {
      ok: true,
      line,
      command: {
        kind: 'status',
        trackingNumber: TRACKING.test(trackingNumber) ? trackingNumber.toUpperCase() : null,
      },
    };
  }
  if (found.keyword === 'delegasi') {
    const [address = '', ...note] = argument.replace(/[<>]/g, ' ').trim().split(/\s+/);
    if (!EMAIL.test(address)) {
      return {
        ok: false,
        problem: 'bad-argument',
        line,
        message:
          'DELEGASI memerlukan alamat e-mail pejabat pengganti (Plt/Plh), contoh: DELEGASI plt.kabid@balangankab.go.id',
      };
    }
    return {
      ok: true,
      line,
      command: {
        kind: 'delegate',
        email: address.toLowerCase(),
        note: [note.join(' '), body].filter(Boolean).join('\n'),
      },
    };
  }

  const action = found.keyword;
  let days: number | undefined;
  let rest = argument;
  if (action === 'perpanjang') {
    const period = /^(\d{1,3})\s*(?:hari|days?)\b\s*(.*)$/is.exec(rest);
    if (period) {
      days = Number(period[1]);
      rest = period[2]!.trim();
      if (days < 1) {
        return {
          ok: false,
          problem: 'bad-argument',
          line,
          message: 'PERPANJANG: jumlah hari harus 1 atau lebih.',
        };
      }
    }
  }
  const command = SOP_ACTIONS[action].command;
  if (NEEDS_REASON.has(action) && !rest && !body) {
    return {
      ok: false,
      problem: 'missing-text',
      line,
      message: `${command} memerlukan alasan, pada baris yang sama atau di bawahnya. Contoh: ${command} ${action === 'perpanjang' ? '14 HARI perlu tinjauan lapangan' : 'bukan kewenangan OPD ini'}`,
    };
  }
  return {
    ok: true,
    line,
    command: { kind: 'action', action, argument: rest, body, ...(days ? { days } : {}) },
  };
}

/** The keyword the line starts with, and the rest of the line after it. */
function keywordAt(line: string): { keyword: Keyword; rest: string } | null {
  const words = line.split(/\s+/);
  for (const [spelling, keyword] of SPELLINGS) {
    const count = spelling.split(' ').length;
    const head = words
      .slice(0, count)
      .join(' ')
      .toUpperCase()
      .replace(/[.,!?:;*_~"'()]+$/u, '')
      .replace(/^[*_~"'(]+/u, '');
    if (head === spelling) return { keyword, rest: words.slice(count).join(' ').trim() };
  }
  return null;
}

/**
 * The rest of the command line offers another command: "SETUJU / TOLAK", "setuju atau kembalikan",
 * "SETUJU, TOLAK". A keyword that merely starts the argument ("TERUSKAN informasi ini ke Kabid") is
 * not a second command: without a joiner, only a line of two bare commands counts.
 */
function isChoice(rest: string): boolean {
  const words = rest.split(/\s+/).filter(Boolean);
  const start = words.findIndex((word) => !JOINERS.test(word));
  if (start === -1) return false;
  const next = keywordAt(words.slice(start).join(' '));
  if (!next) return false;
  return start > 0 || next.rest === '';
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
