import type { AuditEvent } from '../domain/complaint/complaint.ts';
import { isRobotAddress } from '../mail/parse/automatic-mail.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { OutgoingMail, Repositories } from './ports/store.ts';

export type AutomaticMailStatus = 'queued' | 'skipped' | 'withheld' | 'rate_limited';

export interface AutomaticMail {
  mail: OutgoingMail;
  kind: 'acknowledgement' | 'notice';
  complaintId: string;
}

export type NewEvent = Omit<AuditEvent, 'id'>;

type Deps = Pick<IntakeDeps, 'ownAddresses' | 'intake'>;

/**
 * Queues automatic mails to citizens (acknowledgements, notices) inside the caller's transaction —
 * except those that must not go: to our own or a robot address (loops), to an address that bounced
 * for good, or beyond `intake.acknowledgementsPerSenderPerHour` mails to the address in the last
 * hour (freescout#4143 sent ~8,000), counting the ones queued earlier in the same batch. What is
 * not sent is recorded with its text. Returns, per mail, its status and the audit events for the
 * caller to append where they belong in its trail. A batch costs four statements, not four per mail.
 */
export async function queueAutomaticMails(
  repos: Repositories,
  items: readonly AutomaticMail[],
  at: Date,
  deps: Deps,
  limit = deps.intake.acknowledgementsPerSenderPerHour,
): Promise<{ status: AutomaticMailStatus; events: NewEvent[] }[]> {
  const addresses = items.map((item) => item.mail.to.toLowerCase());
  const candidates = addresses.filter((to) => !deps.ownAddresses.includes(to) && !isRobotAddress(to));
  const dead = await repos.undeliverable.findMany(candidates);
  const recent = await repos.outbox.countQueuedToEach(candidates, new Date(at.getTime() - 3_600_000));
  const queued: OutgoingMail[] = [];

  const outcomes = items.map((item, n) => {
    const to = addresses[n]!;
    const { mail, kind, complaintId } = item;
    const event = (type: string, data: Record<string, unknown>): NewEvent => ({
      complaintId,
      at,
      actor: 'system',
      type,
      data,
    });
    const notSent = (status: Exclude<AutomaticMailStatus, 'queued'>, reason: string) => ({
      status,
      events: [
        event(`${kind}.${status}`, {
          to,
          reason,
          dedupeKey: mail.dedupeKey,
          subject: mail.subject,
          text: mail.text,
        }),
      ],
    });

    if (deps.ownAddresses.includes(to)) return notSent('skipped', `${to} is our own address`);
    if (isRobotAddress(to)) return notSent('skipped', `${to} is a robot address`);
    const bounced = dead.get(to);
    if (bounced)
      return notSent(
        'withheld',
        `${to} is undeliverable since ${bounced.firstBouncedAt.toISOString()} (${bounced.reason})`,
      );
    const count = recent.get(to) ?? 0;
    if (count >= limit)
      return notSent('rate_limited', `${count} mails to ${to} in the last hour (limit ${limit})`);

    recent.set(to, count + 1);
    queued.push({ ...mail, to });
    return {
      status: 'queued' as const,
      events: [event('mail.queued', { dedupeKey: mail.dedupeKey, subject: mail.subject })],
    };
  });

  if (queued.length) await repos.outbox.enqueueMany(queued, at);
  return outcomes;
}

/**
 * An answer to an official's reply (a confirmation, "not carried out", a security warning) under the
 * same guards, with its own limit (`replies.answersPerOfficialPerHour`): a forwarding loop or a
 * flood of forged commands gets a few answers, not thousands. Only a mail not sent leaves an event.
 */
export async function queueAnswerToOfficial(
  repos: Repositories,
  mail: OutgoingMail & { complaintId: string },
  at: Date,
  deps: Deps & Pick<IntakeDeps, 'replies'>,
): Promise<AutomaticMailStatus> {
  const [outcome] = await queueAutomaticMails(
    repos,
    [{ mail, kind: 'notice', complaintId: mail.complaintId }],
    at,
    deps,
    deps.replies.answersPerOfficialPerHour,
  );
  if (outcome!.status !== 'queued') await repos.events.appendMany(outcome!.events);
  return outcome!.status;
}

/** One automatic mail, its events appended at once. */
export async function queueAutomaticMail(
  repos: Repositories,
  item: AutomaticMail,
  at: Date,
  deps: Deps,
): Promise<AutomaticMailStatus> {
  const [outcome] = await queueAutomaticMails(repos, [item], at, deps);
  await repos.events.appendMany(outcome!.events);
  return outcome!.status;
}
