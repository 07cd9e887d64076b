/**
 * A reply's own words, without the mail it quotes: what a citizen adds to a complaint. Cuts at the
 * attribution line clients write above a quote — Gmail "Pada Sen, 23 Nov 2026 pukul 08.31 … menulis:"
 * (often wrapped over two lines), "On … wrote:", Outlook's "-----Original Message-----" / "Pesan
 * Asli" and "From:/Dari: … Sent:/Dikirim:" blocks — and drops ">" lines. A forward is not a quote:
 * "Forwarded message" is kept.
 */
const ATTRIBUTION_START = /^\s*(?:pada|on|am|le|el|op)\b/i;
const ATTRIBUTION_END = /(?:menulis|wrote|schrieb|a écrit|escribió|schreef)\s*:\s*$/i;
const SEPARATOR =
  /^\s*-{2,}\s*(?:original message|pesan asli|pesan asal|ursprüngliche nachricht|message d'origine)\s*-{2,}/i;
const HEADER_FROM = /^\s*\*?(?:from|dari|von|de)\s*:\*?\s+\S/i;
const FORWARD =
  /^\s*-{2,}\s*(?:forwarded message|pesan (?:yang )?diteruskan|pesan terusan)|^\s*begin forwarded message/i;
const HEADER_SENT = /^\s*\*?(?:sent|dikirim|terkirim|date|tanggal|gesendet|envoyé)\s*:\*?\s/i;

export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // What follows a forward marker is the forwarded mail, which the citizen means to send.
    if (FORWARD.test(line)) break;
    if (
      SEPARATOR.test(line) ||
      (ATTRIBUTION_START.test(line) && endsAttribution(lines.slice(i, i + 3))) ||
      (/^\s*_{10,}\s*$/.test(line) && HEADER_FROM.test(lines[i + 1] ?? '')) ||
      (HEADER_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => HEADER_SENT.test(l)))
    ) {
      cut = i;
      break;
    }
  }
  const own = withoutQuotes(lines.slice(0, cut));
  // Bottom-posting: everything above the quote was the quote. Keep the unquoted lines of the whole.
  return own || withoutQuotes(lines);
}

/** "Pada … menulis:" on one line, or wrapped over up to three. */
function endsAttribution(lines: string[]): boolean {
  for (let n = 1; n <= lines.length; n++) if (ATTRIBUTION_END.test(lines.slice(0, n).join(' '))) return true;
  return false;
}

function withoutQuotes(lines: string[]): string {
  return lines
    .filter((line) => !/^\s*>/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
