import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import { processReceivedMessages, type Processed } from './process-received-message.ts';
import { receiveRawMessages, type RawMessageInput, type ReceivedRaw } from './receive-raw-message.ts';

export interface Ingested {
  /** The receipt committed: the source may mark the message taken. */
  stored: boolean;
  /** What was decided, or why not; a stored message that failed is decided by a later sweep. */
  outcome: Processed;
}

/**
 * The intake pipeline for a batch of messages from any source, in input order: store them raw
 * (one transaction), then decide each (processReceivedMessages shares the batch's lookups and writes).
 */
export async function ingestMessages(
  inputs: readonly RawMessageInput[],
  deps: IntakeDeps,
): Promise<Ingested[]> {
  const receipts = await receiveRawMessages(inputs, deps);
  const stored = receipts.filter((r): r is ReceivedRaw => !(r instanceof Error));
  const decided = await processReceivedMessages(stored, deps);
  let next = 0;
  return receipts.map((receipt) =>
    receipt instanceof Error
      ? { stored: false, outcome: receipt }
      : { stored: true, outcome: decided[next++]! },
  );
}

/** One message; throws when it could not be stored or decided. */
export async function ingestMessage(input: RawMessageInput, deps: IntakeDeps): Promise<IntakeResult> {
  const [ingested] = await ingestMessages([input], deps);
  if (ingested!.outcome instanceof Error) throw ingested!.outcome;
  return ingested!.outcome;
}

/**
 * Finishes messages stored but not yet decided, e.g. when the service died between the two steps
 * or deciding failed. Run at start-up and on each intake sweep.
 */
export async function processPendingMessages(deps: IntakeDeps, limit = 100): Promise<Processed[]> {
  const pending = await deps.store.repos.inbound.listByStatus('received', limit);
  return processReceivedMessages(
    pending.map((record) => ({ record })),
    deps,
  );
}
