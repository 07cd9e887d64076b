import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { readDeliveryReport, REPORT_PART_TYPES } from './delivery-report.ts';
import { htmlToText } from './html-to-text.ts';
import {
  MARKER_HEADERS,
  type InboundAttachment,
  type InboundMessage,
  type MailAddress,
  type MarkerHeader,
} from './inbound-message.ts';

/** Turns raw RFC 5322 bytes into an InboundMessage. Throws only when nothing usable can be read. */
export async function parseMessage(raw: Uint8Array): Promise<InboundMessage> {
  const parsed = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    skipImageLinks: true,
    skipTextToHtml: true,
    // HTML becomes text here, by our rules (html-to-text.ts), not mailparser's: its text keeps
    // link targets and image addresses.
    skipHtmlToText: true,
    // Keeps a DSN's machine-readable part as an attachment, where delivery-report.ts reads it.
    keepDeliveryStatus: true,
  });
  const headers = markerHeaders(parsed);
  const from = firstAddress(parsed.from);
  const subject = (parsed.subject ?? '').trim();
  const text = bodyText(parsed);
  const contentType = parsed.headers.get('content-type') as {
    value?: string;
    params?: Record<string, string>;
  };
  const deliveryReport = readDeliveryReport({
    contentType: (contentType?.value ?? '').toLowerCase(),
    reportType: contentType?.params?.['report-type']?.toLowerCase() ?? null,
    from: from?.address ?? null,
    returnPath:
      headers['return-path'] === undefined ? null : headers['return-path'].replace(/^<|>$/g, '').trim(),
    subject,
    text,
    inReplyTo: parsed.inReplyTo ?? null,
    failedRecipients: headers['x-failed-recipients'] ?? null,
    parts: parsed.attachments.map((a) => ({ contentType: a.contentType.toLowerCase(), content: a.content })),
  });
  const attachments = parsed.attachments.filter(
    (a) => !(deliveryReport && REPORT_PART_TYPES.has(a.contentType.toLowerCase())),
  );
  return {
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: toArray(parsed.references),
    from,
    replyTo: firstAddress(parsed.replyTo),
    to: allAddresses(parsed.to),
    subject,
    text,
    date: parsed.date ?? null,
    attachments: attachments.map((a, index): InboundAttachment => ({
      filename: safeFileName(a.filename, index, a.contentType),
      contentType: a.contentType,
      size: a.size,
      content: new Uint8Array(a.content),
      inline: a.contentDisposition === 'inline' || Boolean(a.related),
    })),
    autoSubmitted: headers['auto-submitted']?.toLowerCase() ?? null,
    precedence: headers['precedence']?.toLowerCase() ?? null,
    headers,
    deliveryReport,
  };
}

function bodyText(parsed: ParsedMail): string {
  if (parsed.text && parsed.text.trim()) return normaliseText(parsed.text);
  if (typeof parsed.html === 'string') return normaliseText(htmlToText(parsed.html));
  return '';
}

function normaliseText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Keeps a readable name but nothing that could climb out of a folder or hide an extension:
 * "../../etc/passwd" → "etc_passwd", "surat\u202Efdp.exe" → "suratfdp.exe".
 */
export function safeFileName(name: string | undefined, index: number, contentType: string): string {
  const base = (name ?? '')
    .normalize('NFC')
    // Control characters, bidi overrides and isolates ("invoice\u202Efdp.exe") hide what a file is.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .split(/[\\/]+/)
    .map((segment) => segment.trim())
    .filter((segment) => segment && segment !== '.' && segment !== '..')
    .join('_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(-120);
  if (base) return base;
  const extension =
    contentType
      .split('/')[1]
      ?.replace(/[^a-z0-9]/gi, '')
      .slice(0, 8) || 'bin';
  return `lampiran-${index + 1}.${extension}`;
}

/** The first value of each marker header, unfolded, straight from the header lines. */
function markerHeaders(parsed: ParsedMail): Partial<Record<MarkerHeader, string>> {
  const wanted = new Set<string>(MARKER_HEADERS);
  const found: Partial<Record<MarkerHeader, string>> = {};
  for (const { key, line } of parsed.headerLines) {
    const name = key.toLowerCase();
    if (!wanted.has(name) || found[name as MarkerHeader] !== undefined) continue;
    found[name as MarkerHeader] = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  }
  return found;
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
