import type { OutboxMail } from './store.ts';

/** An outbox row ready to go: its attachments' bytes read from raw_blobs. */
export interface DeliverableMail extends OutboxMail {
  files?: { filename: string; contentType: string; content: Uint8Array }[];
}

/** Hands a queued mail to the world (SMTP, or a Maildir folder in the embedded mode). */
export interface MailTransport {
  /**
   * Resolves once the mail is accepted. `messageId` is derived from the outbox row, so a retry after
   * a crash produces the same Message-ID and receivers can tell the copies apart. Rejects with a
   * DeliveryError whose `permanent` says whether trying again could help.
   */
  send(mail: DeliverableMail): Promise<{ messageId: string }>;
  /** Ends pooled connections. */
  close?(): Promise<void>;
}

/** A refused delivery: `permanent` for a 5xx answer (the address or the mail is refused for good). */
export class DeliveryError extends Error {
  readonly permanent: boolean;

  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'DeliveryError';
    this.permanent = permanent;
  }
}
