import type { InboundStatus, Store } from './ports/store.ts';

export interface DeskFigures {
  /** Every message ever received, by what became of it. */
  inbound: Record<InboundStatus, number>;
  /** Officials' replies carried out, and those refused (forged, expired, wrong sender). */
  commands: { accepted: number; refused: number };
  outbox: { pending: number; failed: number; oldestPendingAt: Date | null };
  tasks: { open: number; overdue: number };
}

/** The desk's totals as /metrics shows them: read from the database, so every instance agrees. */
export async function readDeskFigures(deps: { store: Store; clock: () => Date }): Promise<DeskFigures> {
  const { figures } = deps.store.repos;
  const [inbound, events, outbox, tasks] = await Promise.all([
    figures.inboundByStatus(),
    figures.eventCounts(['command.accepted', 'security.command_refused']),
    figures.outbox(),
    figures.tasks(deps.clock()),
  ]);
  return {
    inbound,
    commands: { accepted: events['command.accepted'] ?? 0, refused: events['security.command_refused'] ?? 0 },
    outbox,
    tasks,
  };
}
