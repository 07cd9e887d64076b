import type { Instance } from '../cluster/instance.ts';
import type { Logger } from './ports/logger.ts';
import type { Store } from './ports/store.ts';

/**
 * How long a lease lasts unless renewed. The service renews the ones it holds every cycle, and a
 * cycle starts at least every 30 s (the outbox's retry), so an instance that dies hands its
 * mailboxes over to another within about two minutes; on the same host, at its next cycle.
 */
export const LEASE_MS = 120_000;

/**
 * The leases this instance holds: `hold` takes or renews one before the work it guards, and says
 * whether to go ahead. Gaining and losing one is logged, so an operator sees a failover happen.
 */
export function leaseHolder(deps: { store: Store; clock: () => Date; log: Logger; instance: Instance }) {
  const held = new Set<string>();
  return {
    async hold(name: string): Promise<boolean> {
      const now = deps.clock();
      const ok = await deps.store.repos.leases.acquire(
        name,
        deps.instance.id,
        now,
        new Date(now.getTime() + LEASE_MS),
        deps.instance.isGone,
      );
      if (ok && !held.has(name)) deps.log.info({ lease: name, instance: deps.instance.id }, 'lease taken');
      if (!ok && held.has(name))
        deps.log.warn({ lease: name, instance: deps.instance.id }, 'lease lost to another instance');
      if (ok) held.add(name);
      else held.delete(name);
      return ok;
    },
    holds(name: string): boolean {
      return held.has(name);
    },
    /** On a clean stop: another instance takes over at once instead of after the lease. */
    async releaseAll(): Promise<void> {
      for (const name of held) await deps.store.repos.leases.release(name, deps.instance.id);
      held.clear();
    },
  };
}
