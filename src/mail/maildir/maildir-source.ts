import { stat } from 'node:fs/promises';
import type { Logger } from '../../use-cases/ports/logger.ts';
import { ensureMaildir, listNewMessages, markSeen, readMessage } from './maildir.ts';

export interface IncomingRaw {
  raw: Uint8Array;
  source: string;
  sourceKey: string;
  receivedAt: Date;
}

/**
 * Takes every message waiting in a Maildir's new/ folder, oldest first, hands each to `accept`
 * (which must have committed it when it resolves) and only then marks it seen. A crash in between
 * hands the same message over again; `accept` recognises it by its key.
 */
export async function drainMaildir(
  mailbox: { name: string; path: string },
  accept: (message: IncomingRaw) => Promise<unknown>,
  log: Logger,
): Promise<number> {
  await ensureMaildir(mailbox.path);
  let taken = 0;
  for (const entry of await listNewMessages(mailbox.path)) {
    try {
      const [raw, info] = await Promise.all([readMessage(entry), stat(entry.file)]);
      await accept({ raw, source: mailbox.name, sourceKey: entry.key, receivedAt: info.mtime });
      await markSeen(mailbox.path, entry);
      taken++;
    } catch (error) {
      // Leave it in new/: the next sweep tries again. One bad file must not stop the others.
      log.error(
        { mailbox: mailbox.name, file: entry.file, err: (error as Error).message },
        'could not take message',
      );
    }
  }
  return taken;
}
