import { isRobotAddress } from '../mail/parse/automatic-mail.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { OutgoingMail, Repositories } from './ports/store.ts';

export type AutomaticMailStatus = 'queued' | 'skipped' | 'withheld' | 'rate_limited';

/**
 * Queues an automatic mail to a citizen (an acknowledgement, a notice) inside the caller's
 * transaction — unless it must not go: to our own or a robot address (loops), to an address that
 * bounced for good, or beyond `intake.acknowledgementsPerSenderPerHour` mails to the address in the
 * last hour (freescout#4143 sent ~8,000). What is not sent is recorded as an event with its text.
 */
export async function queueAutomaticMail(
  repos: Repositories,
  mail: OutgoingMail,
  context: { kind: 'acknowledgement' | 'notice'; complaintId: string; at: Date },
  deps: Pick<IntakeDeps, 'ownAddresses' | 'intake'>,
): Promise<AutomaticMailStatus> {
  const to = mail.to.toLowerCase();
  const record = async (status: Exclude<AutomaticMailStatus, 'queued'>, reason: string) => {
    await repos.events.append({
      complaintId: context.complaintId,
      at: context.at,
      actor: 'system',
      type: `${context.kind}.${status}`,
      data: { to, reason, dedupeKey: mail.dedupeKey, subject: mail.subject, text: mail.text },
    });
    return status;
  };

  if (deps.ownAddresses.includes(to)) return record('skipped', `${to} is our own address`);
  if (isRobotAddress(to)) return record('skipped', `${to} is a robot address`);
  const dead = await repos.undeliverable.find(to);
  if (dead)
    return record(
      'withheld',
      `${to} is undeliverable since ${dead.firstBouncedAt.toISOString()} (${dead.reason})`,
    );
  const limit = deps.intake.acknowledgementsPerSenderPerHour;
  const recent = await repos.outbox.countQueuedTo(to, new Date(context.at.getTime() - 3_600_000));
  if (recent >= limit)
    return record('rate_limited', `${recent} mails to ${to} in the last hour (limit ${limit})`);

  await repos.outbox.enqueue({ ...mail, to }, context.at);
  await repos.events.append({
    complaintId: context.complaintId,
    at: context.at,
    actor: 'system',
    type: 'mail.queued',
    data: { dedupeKey: mail.dedupeKey, subject: mail.subject },
  });
  return 'queued';
}
