/**
 * A received mail as the rest of the service sees it, whatever mailbox or client it came from.
 * No IMAP UIDs or mailparser types pass this line.
 */
export interface MailAddress {
  address: string;
  name: string;
}

export interface InboundAttachment {
  /** Safe to use as a file name: no path separators, no control characters. */
  filename: string;
  contentType: string;
  size: number;
  content: Uint8Array;
  inline: boolean;
}

export interface InboundMessage {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: MailAddress | null;
  replyTo: MailAddress | null;
  to: MailAddress[];
  subject: string;
  /** Plain text; for HTML-only mail, the HTML rendered to text. */
  text: string;
  date: Date | null;
  attachments: InboundAttachment[];
  /** Headers that decide how the mail is treated (loops, auto-replies), lower-cased names. */
  autoSubmitted: string | null;
  precedence: string | null;
}
