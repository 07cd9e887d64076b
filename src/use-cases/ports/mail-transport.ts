import type { OutboxMail } from './store.ts';

/** Hands a queued mail to the world (SMTP, or a Maildir folder in the embedded mode). */
export interface MailTransport {
  /**
   * Resolves once the mail is accepted. `messageId` is derived from the outbox row, so a retry after
   * a crash produces the same Message-ID and receivers can tell the copies apart.
   */
  send(mail: OutboxMail): Promise<{ messageId: string }>;
}
