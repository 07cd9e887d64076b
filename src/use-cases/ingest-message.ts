import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import { processReceivedMessage } from './process-received-message.ts';
import { receiveRawMessage, type RawMessageInput } from './receive-raw-message.ts';

/** The intake pipeline for one message from any source: store raw, then decide. */
export async function ingestMessage(input: RawMessageInput, deps: IntakeDeps): Promise<IntakeResult> {
  const { record } = await receiveRawMessage(input, deps);
  return processReceivedMessage(record.id, deps);
}

/**
 * Finishes messages stored but not yet decided, e.g. when the service died between the two steps.
 * Run at start-up and on each intake sweep.
 */
export async function processPendingMessages(deps: IntakeDeps, limit = 100): Promise<IntakeResult[]> {
  const pending = await deps.store.repos.inbound.listByStatus('received', limit);
  const results: IntakeResult[] = [];
  for (const record of pending) results.push(await processReceivedMessage(record.id, deps));
  return results;
}
