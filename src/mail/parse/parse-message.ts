import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { InboundAttachment, InboundMessage, MailAddress } from './inbound-message.ts';

/** Turns raw RFC 5322 bytes into an InboundMessage. Throws only when nothing usable can be read. */
export async function parseMessage(raw: Uint8Array): Promise<InboundMessage> {
  const parsed = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    skipImageLinks: true,
    skipTextToHtml: true,
  });
  return {
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: toArray(parsed.references),
    from: firstAddress(parsed.from),
    replyTo: firstAddress(parsed.replyTo),
    to: allAddresses(parsed.to),
    subject: (parsed.subject ?? '').trim(),
    text: bodyText(parsed),
    date: parsed.date ?? null,
    attachments: parsed.attachments.map((a, index): InboundAttachment => ({
      filename: safeFileName(a.filename, index, a.contentType),
      contentType: a.contentType,
      size: a.size,
      content: new Uint8Array(a.content),
      inline: a.contentDisposition === 'inline' || Boolean(a.related),
    })),
    autoSubmitted: headerText(parsed, 'auto-submitted'),
    precedence: headerText(parsed, 'precedence'),
  };
}

function bodyText(parsed: ParsedMail): string {
  if (parsed.text && parsed.text.trim()) return normaliseText(parsed.text);
  // mailparser derives text from HTML itself; this fallback covers what it leaves empty. Scripts never survive.
  if (typeof parsed.html === 'string') return normaliseText(htmlToPlainText(parsed.html));
  return '';
}

function htmlToPlainText(html: string): string {
  return html
    .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function normaliseText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Keeps a readable name but nothing that could climb out of a folder or hide an extension. */
export function safeFileName(name: string | undefined, index: number, contentType: string): string {
  const base = (name ?? '')
    .normalize('NFC')
    .replace(/[\\/]/g, '_')
    // Control characters and bidi overrides ("invoice\u202Efdp.exe") hide what a file really is.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(-120);
  if (base) return base;
  const extension =
    contentType
      .split('/')[1]
      ?.replace(/[^a-z0-9]/gi, '')
      .slice(0, 8) || 'bin';
  return `lampiran-${index + 1}.${extension}`;
}

function headerText(parsed: ParsedMail, name: string): string | null {
  const value = parsed.headers.get(name);
  if (value === undefined || value === null) return null;
  return (typeof value === 'string' ? value : JSON.stringify(value)).trim().toLowerCase();
}

function toArray(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}

function allAddresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects.flatMap((o) =>
    o.value.flatMap((a) =>
      a.address ? [{ address: a.address.toLowerCase(), name: (a.name ?? '').trim() }] : [],
    ),
  );
}

function firstAddress(field: AddressObject | AddressObject[] | undefined): MailAddress | null {
  return allAddresses(field)[0] ?? null;
}
