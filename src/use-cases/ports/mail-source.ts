/** One message as a mailbox hands it over: raw bytes and where it sat, nothing parsed yet. */
export interface IncomingRaw {
  raw: Uint8Array;
  /** Configured mailbox name. */
  source: string;
  /** Stable position in the mailbox (Maildir unique name, "uidvalidity:uid"). */
  sourceKey: string;
  /** When the mailbox got it (Maildir delivery time, IMAP INTERNALDATE). */
  receivedAt: Date;
}

/**
 * Takes a batch of messages (stored raw, then decided); resolves with, per message, whether its
 * receipt committed. A rejection means none did.
 */
export type AcceptBatch = (messages: readonly IncomingRaw[]) => Promise<readonly boolean[]>;

/**
 * A mailbox the service reads: a Maildir folder or an IMAP folder. Mail is taken in arrival order,
 * in batches, and a message is marked taken (moved or flagged, never deleted) only once `accept`
 * said its receipt committed; a crash in between offers the same message again, which intake
 * recognises by its key.
 */
export interface MailSource {
  readonly name: string;
  drain(accept: AcceptBatch): Promise<number>;
  /** Resolves when new mail may be waiting (IDLE, a file watcher) or the poll interval passed, or on abort. */
  waitForMail(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
