import type { ImapFlow } from 'imapflow';
import type { Logger } from '../../use-cases/ports/logger.ts';
import type { ImapMailboxConfig } from './imap-client.ts';
import { ImapSourceError, toImapSourceError } from './imap-errors.ts';

/**
 * The private keyword on mail intake has taken. Not \Seen: an official reading the mailbox in a mail
 * client must not be able to hide a message from us by opening it, nor see it as read because we did.
 */
export const TAKEN_KEYWORD = '$AduanTaken';

/** Marks messages of the selected folder as taken. Never deletes, never expunges. */
export interface TakenMarker {
  /** 'move' | 'keyword' | 'seen', for logs and tests. */
  readonly kind: 'move' | 'keyword' | 'seen';
  /** Whether a message carrying these flags was already taken (skipped when rescanning). */
  taken(flags: Set<string>): boolean;
  mark(uids: number[]): Promise<void>;
}

/**
 * How taken mail is marked on this connection: moved to `processedFolder` (created if missing),
 * otherwise flagged with the private keyword, or \Seen when the server allows no keywords.
 */
export async function prepareMarker(
  client: ImapFlow,
  mailbox: ImapMailboxConfig,
  log: Logger,
): Promise<TakenMarker> {
  if (mailbox.processedFolder) return moveMarker(client, mailbox, mailbox.processedFolder, log);
  return flagMarker(client, mailbox, log);
}

async function moveMarker(
  client: ImapFlow,
  mailbox: ImapMailboxConfig,
  folder: string,
  log: Logger,
): Promise<TakenMarker> {
  try {
    // Answers ALREADYEXISTS (created: false) when it is there: one round trip per connection.
    const created = await client.mailboxCreate(folder);
    if (created.created) log.info({ mailbox: mailbox.name, folder }, 'created the folder for processed mail');
  } catch (error) {
    throw new ImapSourceError(
      'mark',
      mailbox.name,
      `Mailbox "${mailbox.name}": cannot create the folder for processed mail "${folder}" (${(error as Error).message}). Create it in a mail client, or check mailboxes: ${mailbox.name}: processedFolder.`,
      { cause: error },
    );
  }
  if (!client.capabilities.has('MOVE')) {
    // imapflow would emulate MOVE with COPY + \Deleted + EXPUNGE; we never expunge, so we copy and
    // flag the original as taken instead. The folder keeps its copy until an official cleans it up.
    log.warn({ mailbox: mailbox.name, folder }, 'the server has no MOVE: taken mail is copied and flagged');
    const flags = await flagMarker(client, mailbox, log);
    return {
      kind: 'move',
      taken: flags.taken,
      async mark(uids) {
        const copied = await client.messageCopy(uids, folder, { uid: true });
        if (!copied) throw markFailed(mailbox, `COPY to "${folder}"`);
        await flags.mark(uids);
      },
    };
  }
  return {
    kind: 'move',
    taken: () => false,
    async mark(uids) {
      const moved = await client.messageMove(uids, folder, { uid: true }).catch((error: unknown) => {
        throw toImapSourceError(mailbox, error);
      });
      if (!moved) throw markFailed(mailbox, `MOVE to "${folder}"`);
    },
  };
}

async function flagMarker(client: ImapFlow, mailbox: ImapMailboxConfig, log: Logger): Promise<TakenMarker> {
  const permanent = client.mailbox ? client.mailbox.permanentFlags : undefined;
  let keyword = !permanent || permanent.has('\\*') || permanent.has(TAKEN_KEYWORD) ? TAKEN_KEYWORD : '\\Seen';
  const fallBack = () => {
    log.warn(
      { mailbox: mailbox.name, folder: mailbox.folder },
      `the server allows no keywords: taken mail is marked \\Seen (set processedFolder to move it instead)`,
    );
    keyword = '\\Seen';
  };
  if (keyword === '\\Seen') fallBack();
  return {
    get kind() {
      return keyword === TAKEN_KEYWORD ? ('keyword' as const) : ('seen' as const);
    },
    // With \Seen there is no telling our mark from an official's reading: nothing is skipped, and
    // intake recognises what it already has.
    taken: (flags) => keyword === TAKEN_KEYWORD && flags.has(TAKEN_KEYWORD),
    async mark(uids) {
      if (await client.messageFlagsAdd(uids, [keyword], { uid: true })) return;
      if (keyword === TAKEN_KEYWORD) {
        fallBack();
        if (await client.messageFlagsAdd(uids, [keyword], { uid: true })) return;
      }
      throw markFailed(mailbox, `STORE +FLAGS (${keyword})`);
    },
  };
}

function markFailed(mailbox: ImapMailboxConfig, command: string): ImapSourceError {
  return new ImapSourceError(
    'mark',
    mailbox.name,
    `Mailbox "${mailbox.name}": the server refused ${command} for mail already taken; it will be offered again (intake recognises it) until this works. Check the account's rights on the folders.`,
  );
}
