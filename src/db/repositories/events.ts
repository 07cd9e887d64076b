import type { AuditEvent } from '../../domain/complaint/complaint.ts';
import type { EventRepository } from '../../use-cases/ports/store.ts';
import type { Event } from '../generated/sqlite/client.ts';
import type { Db } from '../client.ts';
import type { Dialect } from '../database-url.ts';
import { inStatements, jsonRows, sql } from '../sql.ts';

/**
 * The audit trail. Append-only twice over: this repository has no update or delete, and the
 * database refuses them (triggers in the init migrations). The integer key keeps insertion order.
 */
export function eventRepository(db: Db, dialect: Dialect): EventRepository {
  return {
    async append(event) {
      const row = await db.event.create({
        data: {
          complaintId: event.complaintId,
          at: event.at,
          actor: event.actor,
          type: event.type,
          data: JSON.stringify(event.data),
        },
      });
      return toEvent(row);
    },
    async appendMany(events) {
      // The integer key follows the rows' order, so the trail keeps the order given.
      for (const piece of inStatements(events)) {
        await db.$executeRaw(sql`
          INSERT INTO events (complaint_id, at, actor, type, data)
          ${jsonRows(
            dialect,
            ['text', 'timestamp', 'text', 'text', 'text'],
            piece.map((e) => [e.complaintId, e.at, e.actor, e.type, JSON.stringify(e.data)]),
          )}`);
      }
    },

    async listForComplaint(complaintId) {
      const rows = await db.event.findMany({ where: { complaintId }, orderBy: { id: 'asc' } });
      return rows.map(toEvent);
    },

    async listOfTypes(complaintIds, types) {
      const rows = [];
      // A statement's parameters are bounded (Prisma allows 999 on SQLite): a few hundred ids each.
      for (const ids of inStatements(complaintIds))
        rows.push(
          ...(await db.event.findMany({
            where: { complaintId: { in: [...ids] }, type: { in: [...types] } },
          })),
        );
      return rows.sort((a, b) => Number(a.id) - Number(b.id)).map(toEvent);
    },
  };
}

function toEvent(row: Event): AuditEvent {
  return {
    id: String(row.id),
    complaintId: row.complaintId,
    at: row.at,
    actor: row.actor,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
