import type { MailboxStateRepository } from '../../use-cases/ports/store.ts';
import type { Db } from '../client.ts';

/** IMAP positions (UIDVALIDITY, last UID taken) per configured mailbox. */
export function mailboxStateRepository(db: Db): MailboxStateRepository {
  return {
    async position(source) {
      const row = await db.mailboxState.findUnique({ where: { source } });
      if (row?.uidValidity == null || row.lastUid == null) return null;
      return { uidValidity: row.uidValidity, lastUid: row.lastUid };
    },

    async savePosition(source, position, at) {
      const data = { uidValidity: position.uidValidity, lastUid: position.lastUid, updatedAt: at };
      await db.mailboxState.upsert({ where: { source }, create: { source, ...data }, update: data });
    },
  };
}
