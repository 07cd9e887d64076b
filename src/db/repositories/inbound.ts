import { createHash } from 'node:crypto';
import type {
  InboundMessageRecord,
  InboundMessageRepository,
  InboundStatus,
} from '../../use-cases/ports/store.ts';
import type { InboundMessage } from '../generated/sqlite/client.ts';
import { oneOf } from '../client.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import type { Dialect } from '../database-url.ts';
import { inStatements, jsonRows, sql, valuesOf } from '../sql.ts';

export const INBOUND_STATUSES = [
  'received',
  'registered',
  'appended',
  'command',
  'bounce',
  'quarantined',
  'ignored',
  'duplicate',
] as const satisfies readonly InboundStatus[];

/**
 * Raw mail as received: bytes in raw_blobs (content-addressed, stored once), one inbound_messages
 * row per receipt. Both inserts are `ON CONFLICT DO NOTHING`, so two workers taking the same
 * message at once (PostgreSQL) wait for each other instead of failing the transaction. The batch
 * methods write a whole IMAP chunk in a few statements; the single ones are a batch of one.
 */
export function inboundRepository(db: Db, dialect: Dialect): InboundMessageRepository {
  const repository: InboundMessageRepository = {
    async receive(input) {
      const [received] = await repository.receiveMany([input]);
      return received!;
    },

    async receiveMany(inputs) {
      const rows = inputs.map((input) => {
        const digest = createHash('sha256').update(input.raw).digest('hex');
        if (digest !== input.sha256.toLowerCase()) {
          throw new Error(`inbound.receive: sha256 ${input.sha256} does not match the bytes (${digest})`);
        }
        return { ...input, id: newId(), sha256: digest, size: input.raw.byteLength };
      });
      const blobs = [...new Map(rows.map((row) => [row.sha256, row])).values()];
      for (const piece of inStatements(blobs)) {
        await db.$executeRaw(sql`
          INSERT INTO raw_blobs (sha256, bytes, size)
          VALUES ${valuesOf(piece, (b) => [b.sha256, b.raw, b.size])}
          ON CONFLICT (sha256) DO NOTHING`);
      }
      const inserted = new Set<string>();
      for (const piece of inStatements(rows)) {
        const returned = await db.$queryRaw<{ id: string }[]>(sql`
          INSERT INTO inbound_messages (id, sha256, size, source, source_key, message_id_header, received_at, status)
          ${jsonRows(
            dialect,
            ['text', 'text', 'integer', 'text', 'text', 'text', 'timestamp', 'text'],
            piece.map((r) => [
              r.id,
              r.sha256,
              r.size,
              r.source,
              r.sourceKey,
              r.messageIdHeader,
              r.receivedAt,
              'received',
            ]),
          )}
          ON CONFLICT (source, source_key) DO NOTHING
          RETURNING id`);
        for (const { id } of returned) inserted.add(id);
      }
      // Keys seen before (or twice in this batch): the row that holds them.
      const earlier = rows.filter((row) => !inserted.has(row.id));
      const existing = new Map<string, InboundMessageRecord>();
      for (const piece of inStatements(earlier)) {
        const found = await db.inboundMessage.findMany({
          where: { OR: piece.map((row) => ({ source: row.source, sourceKey: row.sourceKey })) },
        });
        for (const row of found) existing.set(`${row.source}\n${row.sourceKey}`, toRecord(row));
      }
      return rows.map((row) => {
        if (inserted.has(row.id)) {
          const record = toRecord({
            ...row,
            status: 'received',
            reason: null,
            complaintId: null,
            fromAddress: null,
          });
          return { record, alreadyReceived: false };
        }
        const record = existing.get(`${row.source}\n${row.sourceKey}`);
        if (!record)
          throw new Error(`inbound.receive: ${row.source} ${row.sourceKey} neither inserted nor found`);
        return { record, alreadyReceived: true };
      });
    },

    async findEarlierCopy(record) {
      return (await repository.findEarlierCopies([record])).get(record.id) ?? null;
    },

    async findEarlierCopies(records) {
      // Ids are time-ordered (ids.ts): "earlier" means stored before this one. Two queries for the
      // batch, one per index (an `id <` range or an OR would let the database scan the table); the
      // earliest row with the same Message-ID wins over one with the same bytes.
      const messageIds = [...new Set(records.map((r) => r.messageIdHeader).filter((id) => id !== null))];
      const digests = [...new Set(records.map((r) => r.sha256))];
      const sameIds = messageIds.length
        ? await db.inboundMessage.findMany({ where: { messageIdHeader: { in: messageIds } } })
        : [];
      const sameBytes = await db.inboundMessage.findMany({ where: { sha256: { in: digests } } });
      const candidates = [...sameIds, ...sameBytes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const copies = new Map<string, InboundMessageRecord>();
      for (const record of records) {
        const earlier = candidates.filter((c) => c.id < record.id);
        const copy =
          (record.messageIdHeader && earlier.find((c) => c.messageIdHeader === record.messageIdHeader)) ||
          earlier.find((c) => c.sha256 === record.sha256);
        if (copy) copies.set(record.id, toRecord(copy));
      }
      return copies;
    },

    async decide(id, outcome) {
      return (await repository.decideMany([{ id, ...outcome }])).length === 1;
    },

    async decideMany(decisions) {
      const decided: string[] = [];
      for (const piece of inStatements(decisions)) {
        // VALUES columns are column1, column2, … in both SQLite and PostgreSQL, and untyped
        // parameters there are text, hence the 'y'/'n' flags: a field left undefined keeps its value.
        // (Not jsonRows: joined to a JSON table, SQLite would scan inbound_messages.)
        const returned = await db.$queryRaw<{ id: string }[]>(sql`
          UPDATE inbound_messages
          SET status = v.column2,
              reason = CASE WHEN v.column3 = 'y' THEN v.column4 ELSE inbound_messages.reason END,
              complaint_id = CASE WHEN v.column5 = 'y' THEN v.column6 ELSE inbound_messages.complaint_id END,
              from_address = CASE WHEN v.column7 = 'y' THEN v.column8 ELSE inbound_messages.from_address END
          FROM (VALUES ${valuesOf(piece, (d) => [
            d.id,
            d.status,
            d.reason !== undefined ? 'y' : 'n',
            d.reason ?? null,
            d.complaintId !== undefined ? 'y' : 'n',
            d.complaintId ?? null,
            d.fromAddress !== undefined ? 'y' : 'n',
            d.fromAddress ?? null,
          ])}) AS v
          WHERE inbound_messages.id = v.column1 AND inbound_messages.status = 'received'
          RETURNING inbound_messages.id`);
        for (const { id } of returned) decided.push(id);
      }
      return decided;
    },

    async findById(id) {
      const row = await db.inboundMessage.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },

    async readRaw(sha256) {
      const blob = await db.rawBlob.findUnique({
        where: { sha256: sha256.toLowerCase() },
        select: { bytes: true },
      });
      return blob ? new Uint8Array(blob.bytes) : null;
    },

    async listByStatus(status, limit) {
      const rows = await db.inboundMessage.findMany({
        where: { status },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map(toRecord);
    },
  };
  return repository;
}

function toRecord(row: InboundMessage): InboundMessageRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    size: row.size,
    source: row.source,
    sourceKey: row.sourceKey,
    messageIdHeader: row.messageIdHeader,
    receivedAt: row.receivedAt,
    status: oneOf(INBOUND_STATUSES, row.status, 'inbound status'),
    reason: row.reason,
    complaintId: row.complaintId,
    fromAddress: row.fromAddress,
  };
}
