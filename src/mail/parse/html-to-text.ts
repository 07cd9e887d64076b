/**
 * HTML-only mail rendered to plain text an official can read safely: the words the citizen wrote,
 * and nothing that runs or calls out. Script, style and other non-text elements go with their
 * content; images and link targets go (remote images are trackers, `javascript:` links are attacks);
 * a link keeps its words. Tag-like text left after decoding entities is removed too, so
 * `&lt;script&gt;` cannot come back as a tag wherever the text is shown later.
 */
const DROP_WITH_CONTENT = [
  'script',
  'style',
  'head',
  'title',
  'noscript',
  'template',
  'iframe',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'select',
  'textarea',
  'xml',
];
const BLOCK =
  /<\/?(?:p|div|section|article|header|footer|blockquote|pre|table|tbody|thead|ul|ol|h[1-6]|hr|form|fieldset)\b[^>]*>/gi;

export function htmlToText(html: string): string {
  let text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  for (const tag of DROP_WITH_CONTENT) {
    // An element and everything in it; an unclosed one takes the rest of the document with it.
    text = text.replace(new RegExp(`<${tag}\\b[\\s\\S]*?(?:<\\/${tag}\\s*>|$)`, 'gi'), ' ');
  }
  text = text
    // Line breaks in the source are spaces; only the markup breaks lines.
    .replace(/\s+/g, ' ')
    .replace(/<img\b[^>]*>/gi, (img) => {
      const alt = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(img);
      const words = (alt?.[1] ?? alt?.[2] ?? alt?.[3] ?? '').trim();
      return words ? `[gambar: ${words}]` : '';
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/tr\s*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, '\t')
    .replace(BLOCK, '\n')
    .replace(/<[^>]*>/g, '');
  text = decodeEntities(text);
  // Decoded entities may spell tags ("&lt;script&gt;…"): the same rules once more, on the text.
  for (const tag of DROP_WITH_CONTENT) {
    text = text.replace(new RegExp(`<${tag}\\b[\\s\\S]*?(?:<\\/${tag}\\s*>|$)`, 'gi'), ' ');
  }
  return text
    .replace(/<\/?[a-z][^<>]*>/gi, '')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  plusmn: '±',
  euro: '€',
  eacute: 'é',
  egrave: 'è',
  aacute: 'á',
  agrave: 'à',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ouml: 'ö',
  uuml: 'ü',
  auml: 'ä',
  szlig: 'ß',
  times: '×',
  frac12: '½',
  zwnj: '',
  zwj: '',
  shy: '',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,7});?/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    return NAMED[body.toLowerCase()] ?? entity;
  });
}
