import { createHash } from 'node:crypto';
import type { Logger } from './ports/logger.ts';
import type { InboundMessageRecord, Store } from './ports/store.ts';

export interface RawMessageInput {
  raw: Uint8Array;
  /** Configured mailbox name. */
  source: string;
  /** Position in the mailbox, stable across restarts (Maildir unique name, "uidvalidity:uid"). */
  sourceKey: string;
  receivedAt: Date;
}

/** A message whose receipt committed, with its bytes still in hand. */
export interface ReceivedRaw {
  record: InboundMessageRecord;
  raw: Uint8Array;
  /** Its source position was received before: `record` is that earlier receipt. */
  alreadyReceived: boolean;
}

/**
 * Raw first: the bytes and the fact of their arrival are committed together before anything reads
 * them, so a crash afterwards can only delay a message, never lose it. A batch (an IMAP chunk)
 * commits in one transaction; if that fails, each message is tried on its own so one that cannot
 * be stored does not hold back the others. Per input: its receipt, or the error that kept it out.
 */
export async function receiveRawMessages(
  inputs: readonly RawMessageInput[],
  deps: { store: Store; log: Logger },
): Promise<(ReceivedRaw | Error)[]> {
  if (inputs.length > 1) {
    try {
      return await receiveTogether(inputs, deps);
    } catch (error) {
      deps.log.warn(
        { messages: inputs.length, err: (error as Error).message },
        'batch receipt rolled back: receiving one message at a time',
      );
    }
  }
  const received: (ReceivedRaw | Error)[] = [];
  for (const input of inputs) {
    try {
      received.push(...(await receiveTogether([input], deps)));
    } catch (error) {
      received.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return received;
}

/** One message; throws when its receipt could not be committed. */
export async function receiveRawMessage(
  input: RawMessageInput,
  deps: { store: Store; log: Logger },
): Promise<ReceivedRaw> {
  const [received] = await receiveRawMessages([input], deps);
  if (received instanceof Error) throw received;
  return received!;
}

function receiveTogether(inputs: readonly RawMessageInput[], deps: { store: Store }): Promise<ReceivedRaw[]> {
  const receipts = inputs.map((input) => ({
    raw: input.raw,
    sha256: createHash('sha256').update(input.raw).digest('hex'),
    source: input.source,
    sourceKey: input.sourceKey,
    messageIdHeader: peekMessageId(input.raw),
    receivedAt: input.receivedAt,
  }));
  return deps.store.transaction(async (repos) => {
    const results = await repos.inbound.receiveMany(receipts);
    await repos.events.appendMany(
      results.flatMap(({ record, alreadyReceived }, n) =>
        alreadyReceived
          ? []
          : [
              {
                complaintId: null,
                at: record.receivedAt,
                actor: 'system',
                type: 'message.received',
                data: {
                  inboundId: record.id,
                  source: record.source,
                  sourceKey: record.sourceKey,
                  sha256: record.sha256,
                  size: receipts[n]!.raw.byteLength,
                },
              },
            ],
      ),
    );
    return results.map((result, n) => ({ ...result, raw: receipts[n]!.raw }));
  });
}

/**
 * The Message-ID read straight from the header block, without a MIME parse: dedupe must work even
 * for mail too broken to parse.
 */
export function peekMessageId(raw: Uint8Array): string | null {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 64 * 1024)).toString(
    'latin1',
  );
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:\s*(<[^>\s]{1,900}>)/im.exec(headers);
  return match?.[1] ?? null;
}
