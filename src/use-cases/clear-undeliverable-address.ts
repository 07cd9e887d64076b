import type { Store, UndeliverableAddress } from './ports/store.ts';

/**
 * An operator says a citizen's address works again (they fixed their mailbox, or the bounce was
 * the provider's mistake): acknowledgements and notices go to it again. Recorded in the audit
 * trail with what was known about the bounces.
 */
export async function clearUndeliverableAddress(
  address: string,
  deps: { store: Store; clock: () => Date; actor: string },
): Promise<UndeliverableAddress | null> {
  return deps.store.transaction(async (repos) => {
    const cleared = await repos.undeliverable.clear(address);
    if (cleared) {
      await repos.events.append({
        complaintId: null,
        at: deps.clock(),
        actor: deps.actor,
        type: 'address.cleared',
        data: {
          address: cleared.address,
          reason: cleared.reason,
          bounces: cleared.bounces,
          firstBouncedAt: cleared.firstBouncedAt.toISOString(),
        },
      });
    }
    return cleared;
  });
}
