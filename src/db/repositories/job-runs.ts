import type { JobRun, JobRunRepository } from '../../use-cases/ports/store.ts';
import type { JobRun as JobRunRow } from '../generated/sqlite/client.ts';
import { oneOf } from '../client.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';

const OUTCOMES = ['running', 'done', 'failed'] as const satisfies readonly JobRun['outcome'][];

/**
 * Runs of scheduled jobs, one row per job and slot. `claim` is the lock: an insert that only one
 * caller can win, or the takeover of a run whose instance died (still "running" after its lease,
 * or at once when its process is known gone).
 */
export function jobRunRepository(db: Db): JobRunRepository {
  return {
    async claim(job, slot, at, instance, leaseMs, isGone = () => false) {
      const id = newId();
      const inserted = await db.$executeRaw`
        INSERT INTO job_runs (id, job, slot, started_at, outcome, instance)
        VALUES (${id}, ${job}, ${slot}, ${at}, 'running', ${instance})
        ON CONFLICT (job, slot) DO NOTHING`;
      if (inserted === 1) return id;
      const run = await db.jobRun.findUnique({ where: { job_slot: { job, slot } } });
      if (run?.outcome !== 'running') return null;
      const stale = run.startedAt.getTime() < at.getTime() - leaseMs;
      if (!stale && !isGone(run.instance)) return null;
      // Taken over only as it was read: of two instances taking it over at once, one does.
      const taken = await db.jobRun.updateMany({
        where: { id: run.id, outcome: 'running', instance: run.instance, startedAt: run.startedAt },
        data: { startedAt: at, instance },
      });
      return taken.count === 1 ? run.id : null;
    },
    async finish(id, at, outcome, detail) {
      await db.jobRun.update({
        where: { id },
        data: { finishedAt: at, outcome, detail: JSON.stringify(detail) },
      });
    },
    async prune(job, before) {
      const { count } = await db.jobRun.deleteMany({
        where: { job, slot: { lt: before }, outcome: { not: 'running' } },
      });
      return count;
    },
    async latest(job) {
      const row = await db.jobRun.findFirst({ where: { job }, orderBy: { slot: 'desc' } });
      return row ? toJobRun(row) : null;
    },
  };
}

function toJobRun(row: JobRunRow): JobRun {
  return {
    id: row.id,
    job: row.job,
    slot: row.slot,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    outcome: oneOf(OUTCOMES, row.outcome, 'job run outcome'),
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
    instance: row.instance,
  };
}
