import type { Channel } from '../domain/complaint/complaint.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import { appendFollowUp } from './append-follow-up.ts';
import { answerStatusRequest, isStatusRequest } from './answer-status-request.ts';
import { archiveReportDisposition } from './archive-report-disposition.ts';
import { classifyMessage, messageIdsToLookUp } from './classify-message.ts';
import { findOurMails } from './find-our-mail.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord } from './ports/store.ts';
import { prepareComplaint, type ComplaintIntake } from './prepare-complaint.ts';
import { recogniseGateway } from './read-fax-message.ts';
import { recordBounce } from './record-bounce.ts';
import { actOnReply } from './act-on-reply.ts';
import { decideSimply, decideSimplyMany, reportDecided, type SimpleDecision } from './record-decision.ts';
import { registerComplaint, registerComplaints } from './register-complaint.ts';
import { rerouteAbsentOfficial } from './reroute-absent-official.ts';

/** A stored message to decide; `raw` when the caller still holds the bytes (read from the store if not). */
export interface StoredMessage {
  record: InboundMessageRecord;
  raw?: Uint8Array;
}

/** What processing a batch came to: a result per decided message, an error per one that failed. */
export type Processed = IntakeResult | Error;

/**
 * Decides what stored messages are and acts on each, once: quarantined (unreadable), duplicate,
 * ignored (our own mail, auto-replies, lists, robots), bounce, command (an official's reply to a
 * task mail), appended (a citizen's follow-up) or registered (a new complaint). Each outcome is its
 * own use-case whose transaction records the decision conditionally, so running this again for a
 * message only reports what was decided.
 *
 * A batch (an IMAP chunk) shares its lookups and writes: one query for earlier copies, one for our
 * mails its messages name, one transaction for the simple outcomes and one for the new complaints.
 * Results come back in input order; a message that fails (a bug, the database gone) gets its error
 * and stays 'received', so the next sweep's processPendingMessages tries it again.
 */
export async function processReceivedMessages(
  messages: readonly StoredMessage[],
  deps: IntakeDeps,
): Promise<Processed[]> {
  const results: Processed[] = new Array<Processed>(messages.length);
  const fail = (index: number, error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    results[index] = failure;
    deps.log.error(
      { inboundId: messages[index]!.record.id, err: failure.message },
      'could not decide message; it stays received and is tried again on the next sweep',
    );
  };
  /** Runs one message's step; a result decides it now, undefined means a batch decides it below. */
  const attempt = async (index: number, step: () => Promise<IntakeResult | undefined>) => {
    try {
      const result = await step();
      if (result) results[index] = result;
    } catch (error) {
      fail(index, error);
    }
  };

  const simple: { index: number; decision: SimpleDecision }[] = [];
  const readable: {
    index: number;
    record: InboundMessageRecord;
    message: InboundMessage;
    channel: Channel;
    /** Kept for the checks that read the bytes themselves (DKIM on officials' replies). */
    raw: Uint8Array;
  }[] = [];
  for (const [index, { record, raw }] of messages.entries()) {
    await attempt(index, async () => {
      const sourceChannel = deps.channelOf(record.source);
      if (record.status !== 'received') return reportDecided(record, sourceChannel, deps);
      const quarantine = (reason: string) =>
        void simple.push({
          index,
          decision: { record, channel: sourceChannel, outcome: 'quarantined', reason },
        });
      const bytes = raw ?? (await deps.store.repos.inbound.readRaw(record.sha256));
      if (!bytes) return quarantine('raw bytes missing from the store');
      let message: InboundMessage;
      try {
        message = await deps.parseMessage(bytes);
      } catch (error) {
        return quarantine(`unreadable MIME: ${(error as Error).message}`);
      }
      // A fax gateway's mail is a fax wherever it arrives; a fax mailbox holds only faxes.
      const channel = sourceChannel === 'fax' || recogniseGateway(message, deps) ? 'fax' : 'email';
      readable.push({ index, record, message, channel, raw: bytes });
      return undefined;
    });
  }

  const earlier = readable.length
    ? await deps.store.repos.inbound.findEarlierCopies(readable.map((r) => r.record))
    : new Map<string, InboundMessageRecord>();
  const ourMail = await findOurMails(
    readable.flatMap((r) => messageIdsToLookUp(r.message)),
    deps,
  );
  const newComplaints: { index: number; intake: ComplaintIntake }[] = [];
  for (const { index, record, message, channel, raw } of readable) {
    await attempt(index, async () => {
      const from = message.from?.address ?? null;
      const later = (outcome: SimpleDecision['outcome'], reason: string, fromAddress: string | null = from) =>
        void simple.push({ index, decision: { record, channel, outcome, reason, fromAddress } });
      const copy = earlier.get(record.id);
      if (copy) {
        const same = copy.messageIdHeader && copy.messageIdHeader === record.messageIdHeader;
        return later('duplicate', `same ${same ? 'Message-ID' : 'content'} as message ${copy.id}`);
      }
      const kind = await classifyMessage(message, channel, ourMail, deps);
      switch (kind.kind) {
        case 'ignored':
          return later('ignored', kind.reason);
        case 'absence':
          return rerouteAbsentOfficial(record, channel, message, kind.reason, deps);
        case 'bounce':
          return recordBounce(record, channel, message, kind.report, deps);
        case 'command':
          return actOnReply({ record, channel, message, raw }, kind.mail, deps);
        case 'report-reply':
          return archiveReportDisposition({ record, channel, message, raw }, kind.mail, deps);
        case 'follow-up':
          // Only the complainant learns where a complaint stands (UU 27/2022); anyone else's
          // "STATUS" is an ordinary follow-up, kept for the officials.
          if (kind.senderIsComplainant && isStatusRequest(message))
            return answerStatusRequest(record, channel, message, kind.complaint, deps);
          return appendFollowUp(record, channel, message, kind, deps);
        case 'new':
          if (kind.notes.length && isStatusRequest(message)) {
            // "STATUS ADU-…" about a complaint that is not the sender's, or does not exist: no
            // complaint of its own, and no answer that would tell a stranger anything.
            return later(
              'ignored',
              `status request about ${kind.notes.map((n) => n.trackingNumber).join(', ')} from someone not its complainant`,
            );
          }
          if (!message.from && !message.text && message.attachments.length === 0) {
            return later('quarantined', 'no sender and no readable content', null);
          }
          newComplaints.push({
            index,
            intake: await prepareComplaint(record, message, channel, kind.notes, deps),
          });
          return undefined;
      }
    });
  }

  await inOneTransaction(
    simple,
    (batch) =>
      decideSimplyMany(
        batch.map((s) => s.decision),
        deps,
      ),
    (one) => decideSimply(one.decision, deps),
  );
  await inOneTransaction(
    newComplaints,
    (batch) =>
      registerComplaints(
        batch.map((n) => n.intake),
        deps,
      ),
    (one) => registerComplaint(one.intake, deps),
  );
  return results;

  /**
   * Decides a batch in one transaction; when that rolls back (another run decided one of them, or
   * one cannot be stored), each on its own, so the others go through and a failure is its own.
   */
  async function inOneTransaction<T extends { index: number }>(
    batch: readonly T[],
    together: (batch: readonly T[]) => Promise<IntakeResult[]>,
    alone: (item: T) => Promise<IntakeResult>,
  ): Promise<void> {
    if (batch.length > 1) {
      try {
        const decided = await together(batch);
        for (const [k, { index }] of batch.entries()) results[index] = decided[k]!;
        return;
      } catch (error) {
        deps.log.warn(
          { messages: batch.length, err: (error as Error).message },
          'batch decision rolled back: deciding one message at a time',
        );
      }
    }
    for (const item of batch) await attempt(item.index, () => alone(item));
  }
}

/** One stored message by id; throws when it cannot be decided. */
export async function processReceivedMessage(inboundId: string, deps: IntakeDeps): Promise<IntakeResult> {
  const record = await deps.store.repos.inbound.findById(inboundId);
  if (!record) throw new Error(`inbound message ${inboundId} does not exist`);
  const [result] = await processReceivedMessages([{ record }], deps);
  if (result instanceof Error) throw result;
  return result!;
}
