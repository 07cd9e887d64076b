import type { IncomingRaw } from '../../use-cases/ports/mail-source.ts';
import {
  closeQuietly,
  connectImap,
  imapOptions,
  type ConnectImap,
  type ImapMailboxConfig,
} from './imap-client.ts';
import { imapSourceKey } from './imap-drain.ts';
import { toImapSourceError } from './imap-errors.ts';
import { readInChunks } from './imap-read.ts';

export interface BackfillOptions {
  /** Messages the server received on or after this day (IMAP SEARCH SINCE, a date without time). */
  since: Date;
  /** Handed each message under the same key live intake would use; a rejection counts as failed. */
  accept: (message: IncomingRaw) => Promise<void>;
  /** Called once the number of messages is known. */
  onTotal?: (total: number) => void;
  /** Called after each message with the error if accept failed. */
  onMessage?: (uid: number, error: Error | null) => void;
  /** When the server gave no INTERNALDATE. */
  clock: () => Date;
  connect?: ConnectImap;
}

/**
 * Reads an existing IMAP folder from a date on and hands every message to `accept`, in UID order,
 * a chunk at a time. Read-only: the folder is opened with EXAMINE and sources are fetched with
 * BODY.PEEK, so nothing is moved, flagged or marked \Seen. The keys are live intake's
 * ("uidvalidity:uid"), so a second backfill or a later live drain recognises every message.
 */
export async function backfillImap(
  mailbox: ImapMailboxConfig,
  options: BackfillOptions,
): Promise<{ total: number; taken: number; failed: number }> {
  const connect = options.connect ?? connectImap;
  const client = await connect(imapOptions(mailbox, { idle: false })).catch((error: unknown) => {
    throw toImapSourceError(mailbox, error);
  });
  try {
    const lock = await client.getMailboxLock(mailbox.folder, { readOnly: true });
    try {
      if (!client.mailbox) throw new Error(`"${mailbox.folder}" could not be opened`);
      const uidValidity = client.mailbox.uidValidity;
      const found = client.mailbox.exists ? await client.search({ since: options.since }, { uid: true }) : [];
      if (!Array.isArray(found)) throw new Error(`the server refused SEARCH SINCE in "${mailbox.folder}"`);
      options.onTotal?.(found.length);
      let taken = 0;
      let failed = 0;
      for await (const chunk of readInChunks(client, found)) {
        for (const message of chunk.messages) {
          try {
            await options.accept({
              raw: message.raw,
              source: mailbox.name,
              sourceKey: imapSourceKey(uidValidity, message.uid),
              receivedAt: message.internalDate ?? options.clock(),
            });
            taken++;
            options.onMessage?.(message.uid, null);
          } catch (error) {
            failed++;
            options.onMessage?.(message.uid, error as Error);
          }
        }
      }
      return { total: found.length, taken, failed };
    } finally {
      lock.release();
    }
  } catch (error) {
    throw toImapSourceError(mailbox, error);
  } finally {
    await closeQuietly(client);
  }
}
