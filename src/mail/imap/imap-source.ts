import type { ImapFlow } from 'imapflow';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../use-cases/ports/logger.ts';
import type { AcceptBatch, MailSource } from '../../use-cases/ports/mail-source.ts';
import type { Store } from '../../use-cases/ports/store.ts';
import {
  backoffDelay,
  closeQuietly,
  connectImap,
  DEFAULT_BACKOFF,
  imapOptions,
  type BackoffOptions,
  type ConnectImap,
  type ImapMailboxConfig,
} from './imap-client.ts';
import { drainSelectedFolder } from './imap-drain.ts';
import { toImapSourceError } from './imap-errors.ts';
import { prepareMarker, type TakenMarker } from './imap-mark.ts';

export interface ImapSourceOptions {
  store: Store;
  /** The service clock: positions' timestamps, and the arrival time of mail without INTERNALDATE. */
  clock: () => Date;
  log: Logger;
  /** Tests: count, delay or fail connections. */
  connect?: ConnectImap;
  /** Tests: faster reconnection. */
  backoff?: Partial<BackoffOptions>;
}

/**
 * An IMAP folder as a mail source. One connection per mailbox does everything: drains take new mail
 * under a mailbox lock, and in between the connection sits in IDLE (when configured and offered) so
 * `waitForMail` resolves on the server's EXISTS; otherwise it polls every `pollSeconds`. A lost
 * connection is reopened with exponential backoff; a refused login is logged as an error naming
 * the mailbox and what to check, on every attempt.
 */
export function createImapSource(mailbox: ImapMailboxConfig, options: ImapSourceOptions): MailSource {
  const { log, store, clock } = options;
  const connect = options.connect ?? connectImap;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const flowOptions = imapOptions(mailbox, { idle: mailbox.idle });
  const at = { mailbox: mailbox.name, host: mailbox.host, port: mailbox.port };

  let client: ImapFlow | null = null;
  let opening: Promise<ImapFlow> | null = null;
  let marker: { client: ImapFlow; marker: TakenMarker } | null = null;
  let failures = 0;
  let retryAt = 0;
  let closing = false;
  /** The server announced mail (or the connection dropped) since the last drain began. */
  let pending = false;
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    pending = true;
    for (const wake of waiters) wake();
  };

  async function open(): Promise<ImapFlow> {
    try {
      const next = await connect(flowOptions);
      if (failures > 0) log.info({ ...at, attempts: failures + 1 }, 'IMAP connection restored');
      failures = 0;
      next.on('error', (error: Error) => log.warn({ ...at, err: error.message }, 'IMAP connection error'));
      next.on('exists', (event) => {
        if (event.count > event.prevCount) wakeAll();
      });
      next.on('close', () => {
        if (client !== next) return;
        client = null;
        if (closing) return;
        log.warn(at, 'IMAP connection lost; reconnecting');
        wakeAll();
      });
      client = next;
      return next;
    } catch (error) {
      failures++;
      const delay = backoffDelay(failures, backoff);
      retryAt = Date.now() + delay;
      const failure = toImapSourceError(mailbox, error);
      const fields = { ...at, code: failure.code, attempt: failures, retryInMs: delay };
      // A refused login does not fix itself: an error every time, so nobody waits for it in silence.
      if (failure.code === 'auth') log.error(fields, failure.message);
      else log.warn(fields, failure.message);
      throw failure;
    }
  }

  async function connected(): Promise<ImapFlow> {
    if (client?.usable) return client;
    opening ??= open().finally(() => (opening = null));
    return opening;
  }

  /** Reconnects with backoff until connected or aborted; false when aborted. */
  async function reconnect(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted && !closing) {
      const wait = retryAt - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
      if (signal.aborted || closing) return false;
      try {
        await connected();
        return true;
      } catch {
        // logged by open(); the next attempt waits longer
      }
    }
    return false;
  }

  async function waitForEvent(signal: AbortSignal, ms: number): Promise<void> {
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async function drainOnce(accept: AcceptBatch): Promise<number> {
    const session = await connected();
    const lock = await session.getMailboxLock(mailbox.folder);
    try {
      // The folder may have been selected for hours: NOOP brings in what changed since (new
      // messages, or the server ending the session over a new UIDVALIDITY) before we search.
      await session.noop();
      if (!session.usable) throw new Error('the server closed the connection');
      if (marker?.client !== session) {
        marker = { client: session, marker: await prepareMarker(session, mailbox, log) };
      }
      return await drainSelectedFolder(session, accept, {
        mailbox,
        store,
        clock,
        log,
        marker: marker.marker,
      });
    } finally {
      lock.release();
    }
  }

  return {
    name: mailbox.name,

    async drain(accept) {
      if (closing) throw new Error(`mailbox ${mailbox.name} is closed`);
      pending = false;
      // Reconnecting with backoff: waitForMail's loop tries (and logs) on schedule; do not hammer.
      if (!client?.usable && failures > 0 && Date.now() < retryAt) return 0;
      try {
        return await drainOnce(accept);
      } catch (error) {
        // A session the server ended (it does so when a folder's UIDVALIDITY changed under it) is
        // reopened once at once; a refused reconnection is reported as usual.
        if (client?.usable || closing) throw toImapSourceError(mailbox, error);
        return drainOnce(accept).catch((again: unknown) => {
          throw toImapSourceError(mailbox, again);
        });
      }
    },

    async waitForMail(signal) {
      if (signal.aborted || closing) return;
      const poll = mailbox.pollSeconds * 1000;
      if (!mailbox.idle) return pending ? undefined : waitForEvent(signal, poll);
      if (!client?.usable) {
        // Whatever arrived while we were away is waiting: resolve once connected so a drain runs.
        await reconnect(signal);
        return;
      }
      if (pending) return;
      if (!client.capabilities.has('IDLE')) return waitForEvent(signal, poll);
      if (client.mailbox === false || client.mailbox.path !== mailbox.folder) {
        try {
          // Selecting the folder and leaving the connection free lets imapflow enter IDLE.
          (await client.getMailboxLock(mailbox.folder)).release();
        } catch (error) {
          log.error({ ...at }, toImapSourceError(mailbox, error).message);
        }
      }
      // The poll interval still applies: a safety net should an IDLE session die silently.
      await waitForEvent(signal, poll);
    },

    async close() {
      closing = true;
      for (const wake of waiters) wake();
      const open = client ?? (await opening?.catch(() => null));
      client = null;
      if (open) await closeQuietly(open);
    },
  };
}
