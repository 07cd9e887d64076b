/**
 * A received mail as the rest of the service sees it, whatever mailbox or client it came from.
 * No IMAP UIDs or mailparser types pass this line.
 */
export interface MailAddress {
  address: string;
  name: string;
}

export interface InboundAttachment {
  /** Safe to use as a file name: no path separators, no control or bidi characters. */
  filename: string;
  contentType: string;
  size: number;
  content: Uint8Array;
  inline: boolean;
}

/** The headers that say how a mail must be treated: robots, lists, our own mail. */
export const MARKER_HEADERS = [
  'auto-submitted',
  'precedence',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'list-id',
  'list-unsubscribe',
  'return-path',
  'x-failed-recipients',
  'x-aduan-tracking',
  'x-aduan-kind',
] as const;
export type MarkerHeader = (typeof MARKER_HEADERS)[number];

/** One recipient's line of a delivery report (RFC 3464 per-recipient fields). */
export interface DeliveryReportRecipient {
  /** Final-Recipient (or Original-Recipient), lower case. */
  address: string | null;
  /** failed | delayed | delivered | relayed | expanded */
  action: string | null;
  /** Enhanced status code, e.g. "5.1.1". */
  status: string | null;
  /** Diagnostic-Code, e.g. "smtp; 550 5.1.1 User unknown". */
  diagnostic: string | null;
}

/** A bounce: a DSN (multipart/report) or a mailer-daemon's plain-text notice. */
export interface DeliveryReport {
  format: 'dsn' | 'plain';
  recipients: DeliveryReportRecipient[];
  /** Message-ID of the mail that could not be delivered, from the returned message or its headers. */
  originalMessageId: string | null;
}

export interface InboundMessage {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: MailAddress | null;
  replyTo: MailAddress | null;
  to: MailAddress[];
  subject: string;
  /** Plain text; for HTML-only mail, the HTML rendered to safe text (no script, style or link targets). */
  text: string;
  date: Date | null;
  /** The parts a person attached or pasted in; a bounce's report parts are not among them. */
  attachments: InboundAttachment[];
  /** Auto-Submitted (lower case), kept apart as before. */
  autoSubmitted: string | null;
  /** Precedence (lower case). */
  precedence: string | null;
  /** MARKER_HEADERS present on the message (names lower case, first value, trimmed). */
  headers: Partial<Record<MarkerHeader, string>>;
  /** Set when the message is a bounce. */
  deliveryReport: DeliveryReport | null;
}
