/**
 * Recognising a fax-to-e-mail gateway's mail and the sender's fax number. The patterns come from
 * config (`fax.gateways`, defaults in DEFAULT_FAX_GATEWAYS): `from` is matched against the From
 * address, `subject` against the subject, both case-insensitive; the subject's first group is the
 * fax number.
 */

export interface FaxGatewayPattern {
  name: string;
  from?: string;
  subject: string;
}

export interface RecognisedFaxGateway {
  gateway: string;
  /** Digits only, with a leading + kept: "+625114123456", "05114123456". */
  faxNumber: string | null;
}

/** Subjects are short; a longer one is cut before matching so a pattern cannot run away on it. */
const MAX_SUBJECT = 998;
/** Caller-ID lines in gateway notices, for patterns whose number group did not match. */
const CALLER_LINE =
  /^\s*(?:ID Pemanggil|Caller[- ]?ID|CSID|TSI|Nomor faks|No\.? Faks|Fax number|Dari|From)\s*:\s*([+(]?\d[\d ()./-]{4,}\d)\s*$/im;

/**
 * The shipped patterns allow spaces and hyphens inside a number, so "… 4123456 - 1 page(s)" would
 * capture the page count too. When a page word follows the match, a short last group is dropped.
 */
const PAGE_WORD_AFTER = /^\s*(?:pages?\b|page\(s\)|hal(?:aman)?\b|lembar\b)/i;
const PAGE_COUNT_AT_END = /[\s-]+\d{1,3}$/;

const compiled = new Map<string, RegExp>();

function compile(source: string, gateway: string, field: string): RegExp {
  let regex = compiled.get(source);
  if (regex === undefined) {
    try {
      regex = new RegExp(source, 'i');
    } catch (error) {
      throw new Error(
        `fax gateway "${gateway}": ${field} is not a valid regular expression (${(error as Error).message})`,
        { cause: error },
      );
    }
    compiled.set(source, regex);
  }
  return regex;
}

/** "+62 511 4123456" → "+625114123456"; "(0511) 412-3456" → "05114123456"; too few digits → null. */
export function normaliseFaxNumber(raw: string): string | null {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 20) return null;
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

/**
 * The first gateway whose patterns match, or null. Throws only for a pattern that is not a valid
 * regular expression (a configuration error, to be caught when config is loaded).
 */
export function recogniseFaxGateway(
  message: { from: string | null; subject: string; text: string },
  gateways: readonly FaxGatewayPattern[],
): RecognisedFaxGateway | null {
  const subject = message.subject.slice(0, MAX_SUBJECT).trim();
  for (const gateway of gateways) {
    if (gateway.from !== undefined) {
      if (message.from === null || !compile(gateway.from, gateway.name, 'from').test(message.from)) continue;
    }
    const match = compile(gateway.subject, gateway.name, 'subject').exec(subject);
    if (match === null) continue;
    const fromSubject = match[1] === undefined ? null : normaliseFaxNumber(withoutPageCount(match, subject));
    const fromBody = fromSubject ?? callerIdIn(message.text);
    return { gateway: gateway.name, faxNumber: fromBody };
  }
  return null;
}

function withoutPageCount(match: RegExpExecArray, subject: string): string {
  const number = match[1] ?? '';
  const after = subject.slice(match.index + match[0].length);
  return match[0].endsWith(number) && PAGE_WORD_AFTER.test(after)
    ? number.replace(PAGE_COUNT_AT_END, '')
    : number;
}

function callerIdIn(text: string): string | null {
  const match = CALLER_LINE.exec(text.slice(0, 10_000));
  return match?.[1] === undefined ? null : normaliseFaxNumber(match[1]);
}
