/**
 * The name under a letter's closing ("Hormat saya,", "Salam,", "Terima kasih," …), as citizens sign
 * e-mails and faxed letters:
 *
 *     Hormat saya,            Salam,               Hormat saya,
 *     Budi Santoso            Rina Wulandari       Pelapor,
 *                                                  (ttd)
 *                                                  ( Hj. Rusmiati )
 */
const CLOSING =
  /^[ \t]*(?:hormat\s+(?:saya|kami)|salam(?:\s+hormat)?|terima\s*kasih|wassalam\S*(?:\s+wr\.?\s*wb\.?)?|regards|best regards|kind regards|sincerely|thanks|thank you)[ \t]*[,.!]?[ \t]*$/gim;
/** Lines between the closing and the name: a role, a signature mark, a stamp. */
const BETWEEN =
  /^(?:pelapor|pengadu|yang melaporkan|yang membuat pernyataan|warga|ttd\.?|\(\s*ttd\.?\s*\)|\[?tanda tangan\]?|materai.*)[,:.]?$/i;
/** Words that start an organisation's or a team's name, not a person's. */
const NOT_A_PERSON = /^(?:layanan|tim|admin|dinas|pemerintah|pt\.?|cv\.?|kantor|bagian|sekretariat|warga)\b/i;
const NAME = /^[\p{Lu}][\p{L}.'’`-]*(?:\s+[\p{L}.'’`,-]+){0,5}$/u;

export function signatureNameIn(text: string): string | undefined {
  const lines = text.split('\n');
  const closings = [...text.matchAll(CLOSING)];
  // The last closing is the signature; earlier ones may be in the body ("terima kasih," …).
  for (const closing of closings.reverse()) {
    const lineNo = text.slice(0, closing.index).split('\n').length - 1;
    let blank = 0;
    for (const raw of lines.slice(lineNo + 1, lineNo + 8)) {
      const line = raw
        .trim()
        .replace(/^\(\s*(.*?)\s*\)$/, '$1')
        .trim();
      if (!line) {
        if (++blank > 3) break;
        continue;
      }
      if (BETWEEN.test(line)) continue;
      if (line.length <= 60 && NAME.test(line) && !NOT_A_PERSON.test(line) && !/\d|@/.test(line)) {
        return line.replace(/[,.]$/, '');
      }
      break;
    }
  }
  return undefined;
}
