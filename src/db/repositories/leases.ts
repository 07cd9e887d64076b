import type { LeaseRepository } from '../../use-cases/ports/store.ts';
import type { Db } from '../client.ts';

/**
 * Leases as compare-and-set on one row per name: the insert that wins takes a free lease; a
 * takeover only succeeds against the exact holder and expiry it read, so of two instances taking
 * over a lapsed lease at once, one gets it.
 */
export function leaseRepository(db: Db): LeaseRepository {
  return {
    async acquire(name, holder, now, until, isGone) {
      const inserted = await db.$executeRaw`
        INSERT INTO leases (name, holder, until, since) VALUES (${name}, ${holder}, ${until}, ${now})
        ON CONFLICT (name) DO NOTHING`;
      if (inserted === 1) return true;
      const current = await db.lease.findUnique({ where: { name } });
      if (!current) return false; // released just now: taken on the next try
      if (current.holder === holder) {
        const renewed = await db.lease.updateMany({ where: { name, holder }, data: { until } });
        return renewed.count === 1;
      }
      if (current.until > now && !isGone(current.holder)) return false;
      const taken = await db.lease.updateMany({
        where: { name, holder: current.holder, until: current.until },
        data: { holder, until, since: now },
      });
      return taken.count === 1;
    },
    async release(name, holder) {
      await db.lease.deleteMany({ where: { name, holder } });
    },
    async list() {
      const rows = await db.lease.findMany({ orderBy: { name: 'asc' } });
      return rows.map(({ name, holder, until, since }) => ({ name, holder, until, since }));
    },
  };
}
