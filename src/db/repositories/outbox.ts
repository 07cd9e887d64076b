import type { OutboxAttachment, OutboxMail, OutboxRepository } from '../../use-cases/ports/store.ts';
import type { Outbox } from '../generated/sqlite/client.ts';
import { oneOf } from '../client.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import type { Dialect } from '../database-url.ts';
import { empty, raw } from '@prisma/client-runtime-utils';
import { inStatements, jsonRows, sql, type ColumnType } from '../sql.ts';

const OUTBOX_COLUMNS: ColumnType[] = [
  ...(['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'] as const),
  ...(['integer', 'timestamp', 'timestamp', 'text'] as const),
];

const STATUSES = ['pending', 'sent', 'failed'] as const satisfies readonly OutboxMail['status'][];

/**
 * The transactional outbox: use-cases queue mail in their own transaction, a sender sweeps it.
 * enqueue is `INSERT … ON CONFLICT (dedupe_key) DO NOTHING`, so a retried use-case, or two at once
 * on PostgreSQL, never queues the same mail twice.
 */
export function outboxRepository(db: Db, dialect: Dialect): OutboxRepository {
  return {
    async enqueue(mail, now) {
      await db.$executeRaw`
        INSERT INTO outbox (id, dedupe_key, "to", subject, text, html, in_reply_to, "references", headers,
                            complaint_id, status, attempts, created_at, next_attempt_at, attachments)
        VALUES (${newId()}, ${mail.dedupeKey}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html ?? null},
                ${mail.inReplyTo ?? null}, ${JSON.stringify(mail.references ?? [])}, ${JSON.stringify(mail.headers ?? {})},
                ${mail.complaintId ?? null}, 'pending', 0, ${now}, ${now}, ${JSON.stringify(mail.attachments ?? [])})
        ON CONFLICT (dedupe_key) DO NOTHING`;
      return toMail(await db.outbox.findUniqueOrThrow({ where: { dedupeKey: mail.dedupeKey } }));
    },
    async enqueueMany(mails, now) {
      for (const piece of inStatements(mails)) {
        await db.$executeRaw(sql`
          INSERT INTO outbox (id, dedupe_key, "to", subject, text, html, in_reply_to, "references", headers,
                              complaint_id, status, attempts, created_at, next_attempt_at, attachments)
          ${jsonRows(
            dialect,
            OUTBOX_COLUMNS,
            piece.map((mail) => [
              newId(),
              mail.dedupeKey,
              mail.to,
              mail.subject,
              mail.text,
              mail.html ?? null,
              mail.inReplyTo ?? null,
              JSON.stringify(mail.references ?? []),
              JSON.stringify(mail.headers ?? {}),
              mail.complaintId ?? null,
              'pending',
              0,
              now,
              now,
              JSON.stringify(mail.attachments ?? []),
            ]),
          )}
          ON CONFLICT (dedupe_key) DO NOTHING`);
      }
    },

    async claimNext(now, leaseUntil, claimer) {
      // PostgreSQL: SKIP LOCKED lets several senders claim side by side, each a different mail.
      // SQLite has one writer at a time, so the UPDATE alone is the claim.
      const skipLocked = dialect === 'postgresql' ? raw('FOR UPDATE SKIP LOCKED') : empty;
      const claimed = await db.$queryRaw<{ id: string }[]>(sql`
        UPDATE outbox SET next_attempt_at = ${leaseUntil}, claimed_by = ${claimer}
        WHERE id = (
          SELECT id FROM outbox
          WHERE status = 'pending' AND next_attempt_at <= ${now}
          ORDER BY next_attempt_at, id
          LIMIT 1 ${skipLocked})
        RETURNING id`);
      const id = claimed[0]?.id;
      return id ? toMail(await db.outbox.findUniqueOrThrow({ where: { id } })) : null;
    },

    async releaseClaims(now, isGone) {
      const claimers = await db.outbox.findMany({
        where: { status: 'pending', claimedBy: { not: null } },
        distinct: ['claimedBy'],
        select: { claimedBy: true },
      });
      let released = 0;
      for (const { claimedBy } of claimers) {
        if (!claimedBy || !isGone(claimedBy)) continue;
        const { count } = await db.outbox.updateMany({
          where: { status: 'pending', claimedBy },
          data: { claimedBy: null, nextAttemptAt: now },
        });
        released += count;
      }
      return released;
    },

    async listDue(now, limit) {
      const rows = await db.outbox.findMany({
        where: { status: 'pending', nextAttemptAt: { lte: now } },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        take: limit,
      });
      return rows.map(toMail);
    },

    async markSent(id, at, messageId) {
      await db.outbox.update({
        where: { id },
        data: {
          status: 'sent',
          claimedBy: null,
          sentAt: at,
          attempts: { increment: 1 },
          lastError: null,
          ...(messageId ? { messageId } : {}),
        },
      });
    },

    /** retryAt null: give up (status failed); otherwise stay pending until retryAt. */
    async markFailed(id, error, retryAt) {
      await db.outbox.update({
        where: { id },
        data: {
          claimedBy: null,
          attempts: { increment: 1 },
          lastError: error,
          ...(retryAt ? { nextAttemptAt: retryAt } : { status: 'failed' }),
        },
      });
    },

    async findById(id) {
      const row = await db.outbox.findUnique({ where: { id } });
      return row ? toMail(row) : null;
    },
    async listForComplaint(complaintId) {
      const rows = await db.outbox.findMany({ where: { complaintId }, orderBy: { id: 'asc' } });
      return rows.map(toMail);
    },

    async findByMessageId(messageId) {
      const row = await db.outbox.findFirst({ where: { messageId }, orderBy: { id: 'asc' } });
      return row ? toMail(row) : null;
    },

    async findByIdsOrMessageIds(ids, messageIds) {
      if (!ids.length && !messageIds.length) return [];
      const rows = await db.outbox.findMany({
        where: { OR: [{ id: { in: [...ids] } }, { messageId: { in: [...messageIds] } }] },
        orderBy: { id: 'asc' },
      });
      return rows.map(toMail);
    },
    async countQueuedTo(address, since) {
      return db.outbox.count({ where: { to: address, createdAt: { gte: since } } });
    },
    async countQueuedToEach(addresses, since) {
      const counts = new Map<string, number>();
      if (!addresses.length) return counts;
      const groups = await db.outbox.groupBy({
        by: ['to'],
        where: { to: { in: [...new Set(addresses)] }, createdAt: { gte: since } },
        _count: { _all: true },
      });
      for (const group of groups) counts.set(group.to, group._count._all);
      return counts;
    },

    async markBounced(id, bounce) {
      const { count } = await db.outbox.updateMany({
        where: { id, bouncedAt: null },
        data: { bouncedAt: bounce.at, bounceReason: bounce.reason },
      });
      return count === 1;
    },

    async countByStatus() {
      const groups = await db.outbox.groupBy({ by: ['status'], _count: { _all: true } });
      const counts: Record<OutboxMail['status'], number> = { pending: 0, sent: 0, failed: 0 };
      for (const group of groups) counts[oneOf(STATUSES, group.status, 'outbox status')] = group._count._all;
      return counts;
    },
  };
}

function toMail(row: Outbox): OutboxMail {
  return {
    id: row.id,
    dedupeKey: row.dedupeKey,
    to: row.to,
    subject: row.subject,
    text: row.text,
    html: row.html,
    inReplyTo: row.inReplyTo,
    references: JSON.parse(row.references) as string[],
    headers: JSON.parse(row.headers) as Record<string, string>,
    attachments: JSON.parse(row.attachments) as OutboxAttachment[],
    complaintId: row.complaintId,
    status: oneOf(STATUSES, row.status, 'outbox status'),
    attempts: row.attempts,
    createdAt: row.createdAt,
    nextAttemptAt: row.nextAttemptAt,
    sentAt: row.sentAt,
    lastError: row.lastError,
    messageId: row.messageId,
    bouncedAt: row.bouncedAt,
    bounceReason: row.bounceReason,
  };
}
