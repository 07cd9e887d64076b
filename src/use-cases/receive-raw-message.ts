import { createHash } from 'node:crypto';
import type { InboundMessageRecord, Store } from './ports/store.ts';

export interface RawMessageInput {
  raw: Uint8Array;
  /** Configured mailbox name. */
  source: string;
  /** Position in the mailbox, stable across restarts (Maildir unique name, "uidvalidity:uid"). */
  sourceKey: string;
  receivedAt: Date;
}

/**
 * Raw first: the bytes and the fact of their arrival are committed together before anything reads
 * them, so a crash afterwards can only delay a message, never lose it.
 */
export async function receiveRawMessage(
  input: RawMessageInput,
  deps: { store: Store },
): Promise<{ record: InboundMessageRecord; alreadyReceived: boolean }> {
  const sha256 = createHash('sha256').update(input.raw).digest('hex');
  return deps.store.transaction(async (repos) => {
    const result = await repos.inbound.receive({
      raw: input.raw,
      sha256,
      source: input.source,
      sourceKey: input.sourceKey,
      messageIdHeader: peekMessageId(input.raw),
      receivedAt: input.receivedAt,
    });
    if (!result.alreadyReceived) {
      await repos.events.append({
        complaintId: null,
        at: input.receivedAt,
        actor: 'system',
        type: 'message.received',
        data: {
          inboundId: result.record.id,
          source: input.source,
          sourceKey: input.sourceKey,
          sha256,
          size: input.raw.byteLength,
        },
      });
    }
    return result;
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
