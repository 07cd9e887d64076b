import { messageIdDomain, type IntakeDeps } from './intake-deps.ts';
import type { OutboxMail } from './ports/store.ts';

const UUID = /^<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@([^<>\s]+)>$/i;

/** Our mails named by Message-IDs, looked up once for a batch of incoming messages. */
export type OurMail = ReadonlyMap<string, OutboxMail>;

/**
 * The outbox mails these Message-IDs name, if we sent them: by the Message-ID stored when it was
 * sent, or — for a report that overtakes that write — by the outbox id inside our own
 * `<id@domain>` form. One query for the lot.
 */
export async function findOurMails(
  messageIds: Iterable<string>,
  deps: Pick<IntakeDeps, 'store' | 'office'>,
): Promise<OurMail> {
  const wanted = [...new Set(messageIds)];
  const domain = messageIdDomain(deps.office);
  const outboxIdOf = new Map<string, string>();
  for (const messageId of wanted) {
    const ours = UUID.exec(messageId.trim());
    if (ours && ours[2]!.toLowerCase() === domain) outboxIdOf.set(messageId, ours[1]!.toLowerCase());
  }
  if (!wanted.length) return new Map();
  const mails = await deps.store.repos.outbox.findByIdsOrMessageIds([...outboxIdOf.values()], wanted);
  const found = new Map<string, OutboxMail>();
  for (const messageId of wanted) {
    const stored = mails.find((mail) => mail.messageId === messageId);
    const byId = mails.find((mail) => mail.id === outboxIdOf.get(messageId));
    const mail = stored ?? (byId && (byId.messageId === null || byId.messageId === messageId) ? byId : null);
    if (mail) found.set(messageId, mail);
  }
  return found;
}

export async function findOurMail(
  messageId: string,
  deps: Pick<IntakeDeps, 'store' | 'office'>,
): Promise<OutboxMail | null> {
  return (await findOurMails([messageId], deps)).get(messageId) ?? null;
}

/** The Message-IDs a message answers, newest reference first (In-Reply-To, then References). */
export function repliedMessageIds(message: {
  inReplyTo: string | null;
  references: readonly string[];
}): string[] {
  const ids = [message.inReplyTo, ...[...message.references].reverse()].filter((id): id is string =>
    Boolean(id),
  );
  return [...new Set(ids)].slice(0, 20);
}

/** The mail we sent that a message answers, if any, from the batch's lookup. */
export function findRepliedMail(
  message: { inReplyTo: string | null; references: readonly string[] },
  ourMail: OurMail,
): OutboxMail | null {
  for (const id of repliedMessageIds(message)) {
    const mail = ourMail.get(id);
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
