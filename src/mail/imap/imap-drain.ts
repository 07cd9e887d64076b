import type { ImapFlow } from 'imapflow';
import type { Logger } from '../../use-cases/ports/logger.ts';
import type { AcceptBatch } from '../../use-cases/ports/mail-source.ts';
import type { MailboxPosition, Store } from '../../use-cases/ports/store.ts';
import type { ImapMailboxConfig } from './imap-client.ts';
import type { TakenMarker } from './imap-mark.ts';
import { readAhead, readInChunks, type FetchedMessage } from './imap-read.ts';

export interface DrainContext {
  mailbox: ImapMailboxConfig;
  store: Store;
  clock: () => Date;
  log: Logger;
  marker: TakenMarker;
}

/** The key intake remembers a message by: stable for as long as the folder's UIDVALIDITY is. */
export function imapSourceKey(uidValidity: bigint, uid: number): string {
  return `${uidValidity}:${uid}`;
}

/**
 * Takes the new mail of the selected folder, in UID order. For each chunk: the messages are handed
 * to `accept` together (it says which receipts committed), then the accepted ones are marked
 * taken (moved or flagged), then the position is saved. A crash anywhere in between offers the same
 * messages again under the same keys, which intake recognises. After a UIDVALIDITY change the whole
 * folder is read again: messages we flagged are skipped, and intake's Message-ID and content dedupe
 * recognises the others.
 */
export async function drainSelectedFolder(
  client: ImapFlow,
  accept: AcceptBatch,
  context: DrainContext,
): Promise<number> {
  const { mailbox, store, log, marker } = context;
  if (!client.mailbox) throw new Error(`no folder selected for mailbox ${mailbox.name}`);
  const uidValidity = client.mailbox.uidValidity;
  const stored = await store.repos.mailboxes.position(mailbox.name);
  let lastUid = 0n;
  if (stored && stored.uidValidity === uidValidity) {
    lastUid = stored.lastUid;
  } else if (stored) {
    log.warn(
      {
        mailbox: mailbox.name,
        folder: mailbox.folder,
        before: String(stored.uidValidity),
        now: String(uidValidity),
      },
      'UIDVALIDITY changed (folder recreated or restored): reading the whole folder again; mail already registered is recognised',
    );
  }

  const found = client.mailbox.exists ? await client.search({ uid: `${lastUid + 1n}:*` }, { uid: true }) : [];
  if (!Array.isArray(found)) {
    throw new Error(`mailbox ${mailbox.name}: the server refused UID SEARCH in "${mailbox.folder}"`);
  }
  // "n:*" always includes the highest UID, even when it is below n.
  const uids = found.filter((uid) => BigInt(uid) > lastUid);

  let position: MailboxPosition = { uidValidity, lastUid };
  if (!stored || stored.uidValidity !== uidValidity) await save(position);
  let taken = 0;
  // After a message failed, the position stays before it so the next drain offers it again;
  // later messages are still taken and marked (a rescan skips or recognises them).
  let blocked = false;
  let marking: Promise<void> = Promise.resolve();
  for await (const chunk of readAhead(readInChunks(client, uids, { skip: marker.taken }))) {
    const accepted: number[] = [];
    const stored = await acceptChunk(chunk.messages);
    for (const [n, message] of chunk.messages.entries()) {
      if (stored[n]) {
        accepted.push(message.uid);
        continue;
      }
      // Left unmarked: the next drain tries again. One bad message must not stop the others.
      log.error({ mailbox: mailbox.name, uid: message.uid }, 'could not take message');
      if (!blocked) position = { uidValidity, lastUid: BigInt(message.uid - 1) };
      blocked = true;
    }
    taken += accepted.length;
    if (!blocked) position = { uidValidity, lastUid: BigInt(chunk.lastUid) };
    // The server marks this chunk (a MOVE takes it a while) while the next one is stored; the
    // position is saved only once the mark is done, so a crash never leaves taken mail unmarked
    // behind the saved position.
    await marking;
    const reached = position;
    marking = (async () => {
      if (accepted.length) await marker.mark(accepted);
      await save(reached);
    })();
    marking.catch(() => {}); // reported by the await above or below
  }
  await marking;
  return taken;

  async function acceptChunk(messages: readonly FetchedMessage[]): Promise<readonly boolean[]> {
    try {
      return await accept(
        messages.map((message) => ({
          raw: message.raw,
          source: mailbox.name,
          sourceKey: imapSourceKey(uidValidity, message.uid),
          receivedAt: message.internalDate ?? context.clock(),
        })),
      );
    } catch (error) {
      log.error(
        { mailbox: mailbox.name, err: (error as Error).message },
        'could not store a chunk of messages',
      );
      return messages.map(() => false);
    }
  }

  async function save(next: MailboxPosition): Promise<void> {
    await store.repos.mailboxes.savePosition(mailbox.name, next, context.clock());
  }
}
