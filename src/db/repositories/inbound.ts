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

const STATUSES = [
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
 * message at once (PostgreSQL) wait for each other instead of failing the transaction.
 */
export function inboundRepository(db: Db): InboundMessageRepository {
  return {
    async receive(input) {
      const digest = createHash('sha256').update(input.raw).digest('hex');
      if (digest !== input.sha256.toLowerCase()) {
        throw new Error(`inbound.receive: sha256 ${input.sha256} does not match the bytes (${digest})`);
      }
      const size = input.raw.byteLength;
      await db.$executeRaw`
        INSERT INTO raw_blobs (sha256, bytes, size) VALUES (${digest}, ${input.raw}, ${size})
        ON CONFLICT (sha256) DO NOTHING`;
      const inserted = await db.$executeRaw`
        INSERT INTO inbound_messages (id, sha256, size, source, source_key, message_id_header, received_at, status)
        VALUES (${newId()}, ${digest}, ${size}, ${input.source}, ${input.sourceKey}, ${input.messageIdHeader},
                ${input.receivedAt}, 'received')
        ON CONFLICT (source, source_key) DO NOTHING`;
      const row = await db.inboundMessage.findUniqueOrThrow({
        where: { source_sourceKey: { source: input.source, sourceKey: input.sourceKey } },
      });
      return { record: toRecord(row), alreadyReceived: inserted === 0 };
    },

    async findById(id) {
      const row = await db.inboundMessage.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },

    async findEarlierCopy(record) {
      // Ids are time-ordered (ids.ts): "earlier" means stored before this one.
      const earlier = { id: { lt: record.id } };
      if (record.messageIdHeader) {
        const sameId = await db.inboundMessage.findFirst({
          where: { ...earlier, messageIdHeader: record.messageIdHeader },
          orderBy: { id: 'asc' },
        });
        if (sameId) return toRecord(sameId);
      }
      const sameBytes = await db.inboundMessage.findFirst({
        where: { ...earlier, sha256: record.sha256 },
        orderBy: { id: 'asc' },
      });
      return sameBytes ? toRecord(sameBytes) : null;
    },

    async decide(id, outcome) {
      const { count } = await db.inboundMessage.updateMany({
        where: { id, status: 'received' },
        data: {
          status: outcome.status,
          ...(outcome.reason !== undefined && { reason: outcome.reason }),
          ...(outcome.complaintId !== undefined && { complaintId: outcome.complaintId }),
          ...(outcome.fromAddress !== undefined && { fromAddress: outcome.fromAddress }),
        },
      });
      return count === 1;
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
    status: oneOf(STATUSES, row.status, 'inbound status'),
    reason: row.reason,
    complaintId: row.complaintId,
    fromAddress: row.fromAddress,
  };
}
