import type { ImapFlow } from 'imapflow';

/** UIDs whose flags, size and date are asked for in one FETCH. */
const METADATA_BATCH = 500;
/** Sources fetched in one FETCH: at most this many messages and about this many bytes. */
const CHUNK_MESSAGES = 100;
const CHUNK_BYTES = 8 * 1024 * 1024;

export interface FetchedMessage {
  uid: number;
  raw: Uint8Array;
  internalDate: Date | null;
}

export interface MessageChunk {
  /** In UID order. */
  messages: FetchedMessage[];
  /** UIDs passed over by `skip`, or gone (expunged by someone else) before their source came. */
  passed: number[];
  /** The highest UID this chunk covered. */
  lastUid: number;
}

/**
 * Reads the given messages of the selected folder in UID order, a chunk at a time, so a mailbox of
 * any size never sits in memory: flags and sizes for 500 UIDs, then the sources of up to 100
 * messages or 8 MB per FETCH (BODY.PEEK, so nothing is marked \Seen). Between chunks the caller may
 * run its own commands on the same connection.
 */
export async function* readInChunks(
  client: ImapFlow,
  uids: number[],
  options: { skip?: (flags: Set<string>) => boolean } = {},
): AsyncGenerator<MessageChunk> {
  const sorted = [...uids].sort((a, b) => a - b);
  for (let at = 0; at < sorted.length; at += METADATA_BATCH) {
    const batch = sorted.slice(at, at + METADATA_BATCH);
    const metadata = await client.fetchAll(batch, { uid: true, flags: true, size: true }, { uid: true });
    const known = new Map(metadata.map((m) => [m.uid, m]));
    let chunk: number[] = [];
    let chunkBytes = 0;
    let passed: number[] = [];
    for (const uid of batch) {
      const meta = known.get(uid);
      if (!meta || options.skip?.(meta.flags ?? new Set())) {
        passed.push(uid);
        continue;
      }
      chunk.push(uid);
      chunkBytes += meta.size ?? 0;
      if (chunk.length >= CHUNK_MESSAGES || chunkBytes >= CHUNK_BYTES) {
        yield await fetchChunk(client, chunk, passed);
        chunk = [];
        chunkBytes = 0;
        passed = [];
      }
    }
    if (chunk.length || passed.length) yield await fetchChunk(client, chunk, passed);
  }
}

async function fetchChunk(client: ImapFlow, uids: number[], passed: number[]): Promise<MessageChunk> {
  const fetched = uids.length
    ? await client.fetchAll(uids, { uid: true, source: true, internalDate: true }, { uid: true })
    : [];
  const byUid = new Map(fetched.map((m) => [m.uid, m]));
  const messages: FetchedMessage[] = [];
  const gone = [...passed];
  for (const uid of uids) {
    const message = byUid.get(uid);
    if (!message?.source) {
      gone.push(uid);
      continue;
    }
    const date = message.internalDate ? new Date(message.internalDate) : null;
    messages.push({
      uid,
      raw: new Uint8Array(message.source.buffer, message.source.byteOffset, message.source.byteLength),
      internalDate: date && !Number.isNaN(date.getTime()) ? date : null,
    });
  }
  return { messages, passed: gone.sort((a, b) => a - b), lastUid: Math.max(...uids, ...passed) };
}

/**
 * Asks for the next chunk as soon as one is handed over, so the server reads and sends it while
 * intake stores the current one (the commands queue on the connection in order: a MOVE for this
 * chunk runs after that FETCH). At most one chunk is read ahead.
 */
export async function* readAhead<T>(chunks: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = chunks[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // Its failure is reported when awaited, or dropped when the caller stopped early.
      next.catch(() => {});
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}
