import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../use-cases/ports/logger.ts';
import type { IncomingRaw, MailSource } from '../../use-cases/ports/mail-source.ts';
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

/**
 * Takes every message waiting in a Maildir's new/ folder, oldest first, hands each to `accept`
 * (which must have committed it when it resolves) and only then marks it seen.
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
