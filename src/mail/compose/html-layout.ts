import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

/**
 * The HTML part of every mail we send: the plain text, escaped, inside the office's layout
 * (templates/mail/tata-letak.html.hbs, editable like the other templates). The text stays the
 * source of truth — commands, tables and quoted complaints keep their line structure
 * (`white-space: pre-wrap`) — so the two parts never say different things, and nothing a citizen
 * wrote can become markup: Handlebars escapes it, and the layout has no links or remote images.
 */
export function createHtmlLayout(
  templatesDir: string,
  office: { name: string; language: 'id' | 'en' },
): (mail: { subject: string; text: string }) => string {
  const file = path.join(templatesDir, 'mail', 'tata-letak.html.hbs');
  const layout = Handlebars.create().compile(readFileSync(file, 'utf8'), { strict: true });
  return (mail) =>
    layout({ subject: mail.subject, text: mail.text, officeName: office.name, language: office.language });
}
