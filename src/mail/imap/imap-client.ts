import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { MailboxConfig } from '../../config/config-schema.ts';

export type ImapMailboxConfig = Extract<MailboxConfig, { type: 'imap' }>;

/** Opens an authenticated connection; tests inject their own to count or fail connections. */
export type ConnectImap = (options: ImapFlowOptions) => Promise<ImapFlow>;

/**
 * How long imapflow waits, once the connection is free, before it enters IDLE. Its default is 15 s,
 * which would add up to 15 s to every arrival; drains hold a mailbox lock, which keeps IDLE out of
 * the middle of their commands whatever this value is.
 */
export const AUTO_IDLE_DELAY_MS = 100;

/** Reconnection timing: 1 s doubling up to 60 s, each delay jittered to 50-100 % of its value. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** In [0, 1); tests pass a constant. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 60_000, random: Math.random };

/** The wait before reconnection attempt `failures + 1`, after `failures` failed ones (≥ 1). */
export function backoffDelay(failures: number, backoff: BackoffOptions): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * backoff.random());
}

/**
 * imapflow options for a configured mailbox: OAuth2 (XOAUTH2) when an access token is given,
 * otherwise the password. Library logging is off: the source logs what an operator needs.
 */
export function imapOptions(mailbox: ImapMailboxConfig, options: { idle: boolean }): ImapFlowOptions {
  return {
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    auth: mailbox.accessToken
      ? { user: mailbox.user, accessToken: mailbox.accessToken }
      : { user: mailbox.user, pass: mailbox.password ?? '' },
    clientInfo: { name: 'Kotak Aduan' },
    logger: false,
    disableAutoIdle: !options.idle,
    autoIdleDelay: AUTO_IDLE_DELAY_MS,
    // Break and restart IDLE now and then: some servers and NAT boxes drop a silent session.
    maxIdleTime: 5 * 60_000,
    connectionTimeout: 30_000,
    // Polling leaves the connection silent between drains; do not time it out in between.
    socketTimeout: Math.max(5 * 60_000, mailbox.pollSeconds * 2000),
  };
}

export const connectImap: ConnectImap = async (options) => {
  const client = new ImapFlow(options);
  // An 'error' without a listener would throw out of the event loop; the caller adds its own.
  client.on('error', () => {});
  await client.connect();
  return client;
};

/** Logs out politely, but never waits long for a server that is going away. */
export async function closeQuietly(client: ImapFlow): Promise<void> {
  if (client.isClosed) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.logout().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, 2000))),
  ]);
  clearTimeout(timer);
  client.close();
}
