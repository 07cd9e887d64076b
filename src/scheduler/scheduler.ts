import cron from 'node-cron';
import { thisInstance, type Instance } from '../cluster/instance.ts';
import type { Logger } from '../use-cases/ports/logger.ts';
import type { JobRun, Store } from '../use-cases/ports/store.ts';
import type { JobDefinition } from './job-definition.ts';
import { scheduleSlots } from './schedule-slots.ts';

/** A run still "running" this long after it started belonged to an instance that died. */
const LEASE_MS = 15 * 60_000;
/** Runs are kept this long: enough to answer "did the 07:30 report go out last week", not a log. */
const KEEP_RUNS_MS = 30 * 24 * 3_600_000;

export interface JobStatus {
  name: string;
  schedule: string;
  description: string;
  lastRun: JobRun | null;
  nextRun: Date | null;
}

/**
 * Runs the jobs when their slots come. node-cron only notices the time (in the office's zone) and
 * marks the slot pending; the service's loop then calls `runPending`, so a job never writes while
 * the intake does. Each run first claims its slot in job_runs — one row per job and slot — so of
 * several instances on one database exactly one runs it, and a crashed instance's claim expires
 * (at once when its process is known gone).
 * `catchUp` marks the last slot missed while the service was down (07:30 when it starts at 09:00),
 * once.
 */
export function createScheduler(options: {
  jobs: readonly JobDefinition[];
  store: Store;
  clock: () => Date;
  timeZone: string;
  log: Logger;
  /** This process among the instances on one database (host:pid by default). */
  instance?: Instance;
}) {
  const { store, clock, log } = options;
  const instance = options.instance ?? thisInstance();
  const jobs = options.jobs.map((job) => ({ job, slots: scheduleSlots(job.schedule, options.timeZone) }));
  const pending = new Map<string, Date>();

  const scheduler = {
    /** Marks each job whose schedule matches `at` (to the minute) as pending for that slot. */
    tick(at: Date): boolean {
      let any = false;
      for (const { job, slots } of jobs) {
        if (!slots.matches(at)) continue;
        pending.set(job.name, slots.previous(at)!);
        any = true;
      }
      return any;
    },

    /** Marks the newest slot of each job that has no run yet (missed while the service was down). */
    async catchUp(): Promise<void> {
      const now = clock();
      for (const { job, slots } of jobs) {
        const slot = slots.previous(now);
        if (!slot) continue;
        const last = await store.repos.jobRuns.latest(job.name);
        if (!last || last.slot < slot) pending.set(job.name, slot);
      }
    },

    /** Runs the pending jobs one after another, each only if this instance wins its slot. */
    async runPending(): Promise<{ job: string; slot: Date; outcome: 'done' | 'failed' | 'skipped' }[]> {
      const results: { job: string; slot: Date; outcome: 'done' | 'failed' | 'skipped' }[] = [];
      for (const { job } of jobs) {
        const slot = pending.get(job.name);
        if (!slot) continue;
        pending.delete(job.name);
        const id = await store.repos.jobRuns.claim(
          job.name,
          slot,
          clock(),
          instance.id,
          LEASE_MS,
          instance.isGone,
        );
        if (!id) {
          results.push({ job: job.name, slot, outcome: 'skipped' });
          continue;
        }
        try {
          const detail = await job.run(slot);
          await store.repos.jobRuns.finish(id, clock(), 'done', detail);
          // A 5-minute job would leave 100,000 rows a year otherwise.
          await store.repos.jobRuns.prune(job.name, new Date(slot.getTime() - KEEP_RUNS_MS));
          results.push({ job: job.name, slot, outcome: 'done' });
        } catch (error) {
          // Recorded and logged; the next slot tries again. Never fatal to the service.
          log.error({ job: job.name, slot, err: (error as Error).message }, 'job failed');
          await store.repos.jobRuns.finish(id, clock(), 'failed', { error: (error as Error).message });
          results.push({ job: job.name, slot, outcome: 'failed' });
        }
      }
      return results;
    },

    /** What `aduan jobs` shows: each job's schedule, last run and next slot. */
    async status(): Promise<JobStatus[]> {
      const now = clock();
      return Promise.all(
        jobs.map(async ({ job, slots }) => ({
          name: job.name,
          schedule: job.schedule,
          description: job.description,
          lastRun: await store.repos.jobRuns.latest(job.name),
          nextRun: slots.next(now),
        })),
      );
    },

    /** Starts node-cron in the office's zone; `onDue` wakes the loop. Returns the stop function. */
    start(onDue: () => void): () => void {
      const tasks = jobs.map(({ job }) =>
        cron.schedule(
          job.schedule,
          (context) => {
            if (scheduler.tick(context.date)) onDue();
          },
          { timezone: options.timeZone, name: job.name, noOverlap: true },
        ),
      );
      return () => {
        for (const task of tasks) void task.destroy();
      };
    },
  };
  return scheduler;
}

export type Scheduler = ReturnType<typeof createScheduler>;
