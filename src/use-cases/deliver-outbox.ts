import type { Instance } from '../cluster/instance.ts';
import type { Logger } from './ports/logger.ts';
import { DeliveryError, type DeliverableMail, type MailTransport } from './ports/mail-transport.ts';
import type { OutboxMail, Store } from './ports/store.ts';

const MAX_ATTEMPTS = 10;
/**
 * How long a claimed mail is this sender's: far beyond one SMTP exchange (its timeouts are a
 * minute), so a slow send is never claimed twice; a sender that died leaves it due after this.
 */
const CLAIM_MS = 10 * 60_000;

/**
 * One sweep of the outbox: claims each due mail and sends it on its own, so one failure holds up
 * nothing else, and instances sweeping side by side never send the same mail.
 * A failed mail is retried with exponential backoff (1, 2, 4 … minutes, at most an hour), unless
 * the server refused it for good (5xx) or it failed ten times: then it is given up, on the record.
 */
export async function deliverOutbox(
  deps: {
    store: Store;
    transport: MailTransport;
    clock: () => Date;
    log: Logger;
    /** The HTML alternative of a mail queued as text (src/mail/compose/html-layout.ts). */
    htmlOf?: (mail: { subject: string; text: string }) => string;
    /** This process, which claims the mails it sends (several instances may sweep at once). */
    instance: Instance;
  },
  limit = 100,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  // A sender killed mid-send on this host (a crash, a restart) left its claims: due again now.
  const released = await deps.store.repos.outbox.releaseClaims(deps.clock(), deps.instance.isGone);
  if (released) deps.log.warn({ released }, 'mails claimed by a stopped process are due again');
  for (let taken = 0; taken < limit; taken++) {
    const now = deps.clock();
    const mail = await deps.store.repos.outbox.claimNext(
      now,
      new Date(now.getTime() + CLAIM_MS),
      deps.instance.id,
    );
    if (!mail) break;
    try {
      const { messageId } = await deps.transport.send({
        ...mail,
        html: mail.html || !deps.htmlOf ? mail.html : deps.htmlOf(mail),
        files: await filesOf(mail, deps.store),
      });
      const at = deps.clock();
      await deps.store.transaction(async (repos) => {
        // The Message-ID is kept with the row: a bounce or a reply names it (record-bounce.ts).
        await repos.outbox.markSent(mail.id, at, messageId);
        await repos.events.append({
          complaintId: mail.complaintId ?? null,
          at,
          actor: 'system',
          type: 'mail.sent',
          data: { outboxId: mail.id, messageId },
        });
      });
      sent++;
    } catch (error) {
      failed++;
      const attempts = mail.attempts + 1;
      const permanent = error instanceof DeliveryError && error.permanent;
      const retryAt =
        permanent || attempts >= MAX_ATTEMPTS
          ? null
          : new Date(deps.clock().getTime() + Math.min(60, 2 ** (attempts - 1)) * 60_000);
      await deps.store.repos.outbox.markFailed(mail.id, (error as Error).message, retryAt);
      if (retryAt === null) {
        // Given up: on the complaint's trail, where the admin sees that this mail never went.
        await deps.store.repos.events.append({
          complaintId: mail.complaintId ?? null,
          at: deps.clock(),
          actor: 'system',
          type: 'mail.failed',
          data: {
            outboxId: mail.id,
            to: mail.to,
            subject: mail.subject,
            attempts,
            error: (error as Error).message,
          },
        });
      }
      deps.log.warn(
        { outboxId: mail.id, attempts, retryAt, err: (error as Error).message },
        'mail delivery failed',
      );
    }
  }
  return { sent, failed };
}

/** The attachments' bytes; a missing blob is a defect that must not send a mail without its file. */
async function filesOf(mail: OutboxMail, store: Store): Promise<DeliverableMail['files']> {
  const files: NonNullable<DeliverableMail['files']> = [];
  for (const attachment of mail.attachments ?? []) {
    const content = await store.repos.attachments.readBlob(attachment.sha256);
    if (!content) throw new Error(`attachment ${attachment.filename} (${attachment.sha256}) is not stored`);
    files.push({ filename: attachment.filename, contentType: attachment.contentType, content });
  }
  return files;
}
