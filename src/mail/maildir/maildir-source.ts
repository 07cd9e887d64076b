import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../use-cases/ports/logger.ts';
import type { AcceptBatch, IncomingRaw, MailSource } from '../../use-cases/ports/mail-source.ts';
import { ensureMaildir, listNewMessages, markSeen, readMessage } from './maildir.ts';

/**
 * A Maildir folder as a mail source: every message in new/, oldest first, moved to cur/ with the Seen
 * flag once intake has committed it. Watched with fs.watch, and polled in case the watch misses one.
 */
export function createMaildirSource(
  mailbox: { name: string; path: string },
  options: { pollSeconds: number; log: Logger },
): MailSource {
  let watcher: FSWatcher | null = null;
  let wake: (() => void) | null = null;
  return {
    name: mailbox.name,
    drain: (accept) => drainMaildir(mailbox, accept, options.log),
    async waitForMail(signal) {
      await ensureMaildir(mailbox.path);
      watcher ??= watch(path.join(mailbox.path, 'new'), () => wake?.());
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          wake = null;
          resolve();
        };
        const timer = setTimeout(done, options.pollSeconds * 1000);
        wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    },
    async close() {
      watcher?.close();
      watcher = null;
    },
  };
}

/** Files read into one batch: at most this many messages and about this many bytes. */
const BATCH_MESSAGES = 100;
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Takes every message waiting in a Maildir's new/ folder, oldest first, in batches; a message is
 * marked seen (moved to cur/) only once `accept` said its receipt committed.
 */
export async function drainMaildir(
  mailbox: { name: string; path: string },
  accept: AcceptBatch,
  log: Logger,
): Promise<number> {
  await ensureMaildir(mailbox.path);
  const entries = await listNewMessages(mailbox.path);
  let taken = 0;
  for (let at = 0; at < entries.length;) {
    const batch: { entry: (typeof entries)[number]; message: IncomingRaw }[] = [];
    let bytes = 0;
    while (at < entries.length && batch.length < BATCH_MESSAGES && bytes < BATCH_BYTES) {
      const entry = entries[at++]!;
      try {
        const [raw, info] = await Promise.all([readMessage(entry), stat(entry.file)]);
        batch.push({
          entry,
          message: { raw, source: mailbox.name, sourceKey: entry.key, receivedAt: info.mtime },
        });
        bytes += raw.byteLength;
      } catch (error) {
        // Gone or unreadable: left where it is, the next sweep tries again.
        log.error(
          { mailbox: mailbox.name, file: entry.file, err: (error as Error).message },
          'could not read message',
        );
      }
    }
    let stored: readonly boolean[];
    try {
      stored = await accept(batch.map((b) => b.message));
    } catch (error) {
      log.error(
        { mailbox: mailbox.name, err: (error as Error).message },
        'could not store a batch of messages',
      );
      stored = batch.map(() => false);
    }
    for (const [n, { entry }] of batch.entries()) {
      if (!stored[n]) {
        // Left in new/: the next sweep tries again. One bad file must not stop the others.
        log.error({ mailbox: mailbox.name, file: entry.file }, 'could not take message');
        continue;
      }
      try {
        await markSeen(mailbox.path, entry);
        taken++;
      } catch (error) {
        // Stored already: offered again, it is recognised by its key.
        log.error(
          { mailbox: mailbox.name, file: entry.file, err: (error as Error).message },
          'could not mark message seen',
        );
      }
    }
  }
  return taken;
}
