import type { MailboxConfig } from '../config/config-schema.ts';
import type { Logger } from '../use-cases/ports/logger.ts';
import type { MailSource } from '../use-cases/ports/mail-source.ts';
import type { Store } from '../use-cases/ports/store.ts';
import { createImapSource } from './imap/imap-source.ts';
import { createMaildirSource } from './maildir/maildir-source.ts';

/** Builds the adapter for one configured mailbox. */
export function createMailSource(
  mailbox: MailboxConfig,
  options: { maildirPollSeconds: number; log: Logger; store: Store; clock: () => Date },
): MailSource {
  switch (mailbox.type) {
    case 'maildir':
      return createMaildirSource(mailbox, { pollSeconds: options.maildirPollSeconds, log: options.log });
    case 'imap':
      return createImapSource(mailbox, { store: options.store, clock: options.clock, log: options.log });
  }
}
