import type { DeliveryReport, DeliveryReportRecipient } from './inbound-message.ts';

/**
 * Recognises a bounce and reads which mail failed, for whom and why: RFC 3464 DSNs
 * (multipart/report; report-type=delivery-status — Postfix, Exchange, Gmail) and the plain-text
 * notices of MTAs that do not write one (old qmail, Exim without DSN, hosted filters).
 */
export interface ReportInput {
  /** Top-level content type and its report-type parameter, lower case. */
  contentType: string;
  reportType: string | null;
  from: string | null;
  /** Return-Path as delivered: "" for the null sender <>, null when the MDA added none. */
  returnPath: string | null;
  subject: string;
  text: string;
  inReplyTo: string | null;
  /** Exim's X-Failed-Recipients. */
  failedRecipients: string | null;
  parts: readonly { contentType: string; content: Uint8Array }[];
}

/** Parts that belong to a report, not to anything a person attached. */
export const REPORT_PART_TYPES: ReadonlySet<string> = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/global-headers',
]);

const STATUS_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_PARTS = ['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers'];
const MAILER = /^(?:mailer-daemon|mail-daemon|mailerdaemon|postmaster)@/i;
const BOUNCE_SUBJECT =
  /undeliver|returned mail|return(?:ed)? to sender|delivery status notification|delivery (?:has )?fail|mail delivery failed|failure notice|could not be delivered|non-?delivery|delivery report|nicht zustellbar|tidak (?:dapat |bisa )?(?:terkirim|dikirim)|gagal (?:terkirim|dikirim)|pengiriman (?:email )?gagal|delayed mail|delivery delayed|warning: message/i;

export function readDeliveryReport(input: ReportInput): DeliveryReport | null {
  const statusPart = input.parts.find((p) => STATUS_PARTS.has(p.contentType));
  const isDsn =
    (input.contentType === 'multipart/report' && /delivery-status/.test(input.reportType ?? '')) ||
    statusPart !== undefined;
  if (isDsn) {
    return {
      format: 'dsn',
      recipients: statusPart ? recipientsOfStatus(decode(statusPart.content)) : [],
      originalMessageId: returnedMessageId(input),
    };
  }
  const fromMailer = MAILER.test(input.from ?? '') || input.returnPath === '';
  if (!(fromMailer && BOUNCE_SUBJECT.test(input.subject)) && !input.failedRecipients) return null;
  return {
    format: 'plain',
    recipients: plainRecipients(input),
    originalMessageId: returnedMessageId(input),
  };
}

/** Per-recipient blocks of a message/delivery-status body (RFC 3464 §2.3). */
function recipientsOfStatus(body: string): DeliveryReportRecipient[] {
  const blocks = body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(fieldsOf);
  return blocks
    .filter((fields) => fields.has('final-recipient') || fields.has('original-recipient'))
    .map((fields) => ({
      address: addressOf(fields.get('final-recipient') ?? fields.get('original-recipient') ?? ''),
      action: fields.get('action')?.toLowerCase() ?? null,
      status: /\d\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[0] ?? null,
      diagnostic: fields.get('diagnostic-code') ?? null,
    }));
}

function plainRecipients(input: ReportInput): DeliveryReportRecipient[] {
  const addresses = input.failedRecipients
    ? input.failedRecipients.split(',').map((a) => addressOf(a))
    : [...input.text.matchAll(/^[ \t]*<([^<>\s]+@[^<>\s]+)>:?/gm)].map((m) => addressOf(m[1]!));
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(input.text)?.[1] ?? null;
  const diagnostic =
    /^.*\b[45]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\b)?.*$/m.exec(input.text)?.[0].trim().slice(0, 300) ?? null;
  const action = /delay|warning|still being retried/i.test(input.subject) ? 'delayed' : 'failed';
  const unique = [...new Set(addresses.filter((a): a is string => a !== null))];
  return (unique.length ? unique : [null]).map((address) => ({ address, action, status, diagnostic }));
}

/** The Message-ID of the returned mail: its attached copy or headers, the notice's text, In-Reply-To. */
function returnedMessageId(input: ReportInput): string | null {
  for (const type of RETURNED_PARTS) {
    for (const part of input.parts.filter((p) => p.contentType === type)) {
      const id = messageIdInHeaders(decode(part.content));
      if (id) return id;
    }
  }
  return messageIdInHeaders(input.text) ?? input.inReplyTo;
}

function messageIdInHeaders(text: string): string | null {
  const unfolded = text.replace(/\r?\n[ \t]+/g, ' ');
  return /^[ \t>]*message-id:[ \t]*(<[^<>\s]+>)/im.exec(unfolded)?.[1] ?? null;
}

function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const match = /^([A-Za-z-]+):[ \t]*(.*)$/.exec(line);
    if (match && !fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  return fields;
}

/** "rfc822; Budi@Example.id" or "<budi@example.id>" → "budi@example.id". */
function addressOf(value: string): string | null {
  const address = value
    .replace(/^[ \t]*(?:rfc822|utf-8)[ \t]*;/i, '')
    .trim()
    .replace(/^<|>$/g, '')
    .toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}

function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
