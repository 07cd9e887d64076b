import type { IssuedToken, ReplyTokenRepository } from '../../use-cases/ports/store.ts';
import type { ReplyToken } from '../generated/sqlite/client.ts';
import type { Db } from '../client.ts';
import type { Dialect } from '../database-url.ts';
import { inStatements, jsonRows, sql } from '../sql.ts';

/** Reply tokens of task mails; `use` is a conditional update, so a token acts once. */
export function replyTokenRepository(db: Db, dialect: Dialect): ReplyTokenRepository {
  return {
    async issueMany(tokens) {
      for (const piece of inStatements(tokens)) {
        await db.$executeRaw(sql`
          INSERT INTO reply_tokens (id, task_id, recipient, outbox_id, issued_at, expires_at)
          ${jsonRows(
            dialect,
            ['text', 'text', 'text', 'text', 'timestamp', 'timestamp'],
            piece.map((t) => [
              t.id,
              t.taskId,
              t.recipient.toLowerCase(),
              t.outboxId,
              t.issuedAt,
              t.expiresAt,
            ]),
          )}`);
      }
    },
    async find(id) {
      const row = await db.replyToken.findUnique({ where: { id } });
      return row ? toToken(row) : null;
    },
    async openTasksMailedTo(recipient) {
      const rows = await db.replyToken.findMany({
        where: { recipient: recipient.toLowerCase(), task: { status: 'open' } },
        select: { taskId: true },
        distinct: ['taskId'],
      });
      return rows.map((row) => row.taskId);
    },
    async use(id, at, inboundId) {
      const { count } = await db.replyToken.updateMany({
        where: { id, usedAt: null },
        data: { usedAt: at, usedByInboundId: inboundId },
      });
      return count === 1;
    },
  };
}

function toToken(row: ReplyToken): IssuedToken {
  return {
    id: row.id,
    taskId: row.taskId,
    recipient: row.recipient,
    outboxId: row.outboxId,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    usedAt: row.usedAt,
    usedByInboundId: row.usedByInboundId,
  };
}
