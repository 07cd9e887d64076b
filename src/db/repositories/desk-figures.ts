import type { DeskFiguresRepository, InboundStatus } from '../../use-cases/ports/store.ts';
import { COMPLAINT_STATUSES } from '../../domain/complaint/complaint.ts';
import { oneOf, type Db } from '../client.ts';
import { INBOUND_STATUSES } from './inbound.ts';

/** Statuses a complaint leaves the desk's work list with. */
const FINISHED = ['closed', 'rejected'];

/** The desk's counts: GROUP BY and COUNT over the indexes the sweeps already use. */
export function deskFiguresRepository(db: Db): DeskFiguresRepository {
  return {
    async inboundByStatus() {
      const groups = await db.inboundMessage.groupBy({ by: ['status'], _count: { _all: true } });
      const counts = Object.fromEntries(INBOUND_STATUSES.map((status) => [status, 0])) as Record<
        InboundStatus,
        number
      >;
      for (const group of groups)
        counts[oneOf(INBOUND_STATUSES, group.status, 'inbound status')] = group._count._all;
      return counts;
    },
    async eventCounts(types) {
      const groups = await db.event.groupBy({
        by: ['type'],
        where: { type: { in: [...types] } },
        _count: { _all: true },
      });
      const counts: Record<string, number> = Object.fromEntries(types.map((type) => [type, 0]));
      for (const group of groups) counts[group.type] = group._count._all;
      return counts;
    },
    async outbox() {
      const [pending, failed, oldest] = await Promise.all([
        db.outbox.count({ where: { status: 'pending' } }),
        db.outbox.count({ where: { status: 'failed' } }),
        db.outbox.aggregate({ where: { status: 'pending' }, _min: { createdAt: true } }),
      ]);
      return { pending, failed, oldestPendingAt: oldest._min.createdAt };
    },
    async tasks(now) {
      const [open, overdue] = await Promise.all([
        db.task.count({ where: { status: 'open' } }),
        db.task.count({ where: { status: 'open', dueAt: { lt: now } } }),
      ]);
      return { open, overdue };
    },
    async openComplaintsByStep() {
      const groups = await db.complaint.groupBy({
        by: ['status', 'currentStepId'],
        where: { status: { notIn: FINISHED } },
        _count: { _all: true },
      });
      return groups.map((group) => ({
        stepId: group.currentStepId,
        status: oneOf(COMPLAINT_STATUSES, group.status, 'complaint status'),
        count: group._count._all,
      }));
    },
  };
}
