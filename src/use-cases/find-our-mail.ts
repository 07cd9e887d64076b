import { messageIdDomain, type IntakeDeps } from './intake-deps.ts';
import type { OutboxMail } from './ports/store.ts';

const UUID = /^<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@([^<>\s]+)>$/i;

/**
 * The outbox mail a Message-ID names, if we sent it: by the Message-ID stored when it was sent, or
 * — for a report that overtakes that write — by the outbox id inside our own `<id@domain>` form.
 */
export async function findOurMail(
  messageId: string,
  deps: Pick<IntakeDeps, 'store' | 'office'>,
): Promise<OutboxMail | null> {
  const stored = await deps.store.repos.outbox.findByMessageId(messageId);
  if (stored) return stored;
  const ours = UUID.exec(messageId.trim());
  if (!ours || ours[2]!.toLowerCase() !== messageIdDomain(deps.office)) return null;
  const mail = await deps.store.repos.outbox.findById(ours[1]!.toLowerCase());
  return mail && (mail.messageId === null || mail.messageId === messageId) ? mail : null;
}

/** The mails we sent that a message answers, newest reference first (In-Reply-To, then References). */
export async function findRepliedMail(
  message: { inReplyTo: string | null; references: readonly string[] },
  deps: Pick<IntakeDeps, 'store' | 'office'>,
): Promise<OutboxMail | null> {
  const ids = [message.inReplyTo, ...[...message.references].reverse()].filter((id): id is string =>
    Boolean(id),
  );
  for (const id of [...new Set(ids)].slice(0, 20)) {
    const mail = await findOurMail(id, deps);
    if (mail) return mail;
  }
  return null;
}

/** Our task mails say so in a header (the acting-by-email issue sends them). */
export function isTaskMail(mail: OutboxMail): boolean {
  return Object.entries(mail.headers ?? {}).some(
    ([name, value]) => name.toLowerCase() === 'x-aduan-kind' && value.trim().toLowerCase() === 'task',
  );
}
