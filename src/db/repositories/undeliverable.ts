import type { UndeliverableAddress, UndeliverableAddressRepository } from '../../use-cases/ports/store.ts';
import type { UndeliverableAddress as Row } from '../generated/sqlite/client.ts';
import type { Db } from '../client.ts';

/** Addresses that bounced for good: acknowledgements to them are recorded, not sent. */
export function undeliverableAddressRepository(db: Db): UndeliverableAddressRepository {
  return {
    async mark(address, report) {
      const key = address.toLowerCase();
      const row = await db.undeliverableAddress.upsert({
        where: { address: key },
        create: {
          address: key,
          reason: report.reason,
          firstBouncedAt: report.at,
          lastBouncedAt: report.at,
          bounces: 1,
          lastOutboxId: report.outboxId,
        },
        update: {
          reason: report.reason,
          lastBouncedAt: report.at,
          bounces: { increment: 1 },
          lastOutboxId: report.outboxId,
        },
      });
      return toAddress(row);
    },

    async find(address) {
      const row = await db.undeliverableAddress.findUnique({ where: { address: address.toLowerCase() } });
      return row ? toAddress(row) : null;
    },
    async findMany(addresses) {
      const found = new Map<string, UndeliverableAddress>();
      if (!addresses.length) return found;
      const rows = await db.undeliverableAddress.findMany({
        where: { address: { in: [...new Set(addresses.map((a) => a.toLowerCase()))] } },
      });
      for (const row of rows) found.set(row.address, toAddress(row));
      return found;
    },
    async list(limit) {
      const rows = await db.undeliverableAddress.findMany({
        orderBy: [{ lastBouncedAt: 'desc' }, { address: 'asc' }],
        take: limit,
      });
      return rows.map(toAddress);
    },
    async clear(address) {
      const key = address.toLowerCase();
      const row = await db.undeliverableAddress.findUnique({ where: { address: key } });
      if (!row) return null;
      await db.undeliverableAddress.deleteMany({ where: { address: key } });
      return toAddress(row);
    },
  };
}

function toAddress(row: Row): UndeliverableAddress {
  return {
    address: row.address,
    reason: row.reason,
    firstBouncedAt: row.firstBouncedAt,
    lastBouncedAt: row.lastBouncedAt,
    bounces: row.bounces,
    lastOutboxId: row.lastOutboxId,
  };
}
