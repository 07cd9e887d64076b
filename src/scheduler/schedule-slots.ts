import cron from 'node-cron';

const MINUTE = 60_000;
/** How far back a missed run is looked for, and forward for the next one: covers monthly jobs. */
const HORIZON_MINUTES = 45 * 24 * 60;

/**
 * The instants a cron schedule fires in a time zone, found minute by minute with node-cron's own
 * matcher (no timer is started), so catch-up and `aduan jobs` agree with what node-cron triggers.
 */
export function scheduleSlots(schedule: string, timeZone: string) {
  if (!cron.validate(schedule))
    throw new Error(`"${schedule}" is no cron schedule (minute hour day month weekday)`);
  const matcher = cron.createTask(schedule, () => undefined, { timezone: timeZone });
  const floor = (at: Date) => new Date(Math.floor(at.getTime() / MINUTE) * MINUTE);
  return {
    /** The latest slot at or before `at`; null when there is none within 45 days. */
    previous(at: Date): Date | null {
      const start = floor(at).getTime();
      for (let n = 0; n <= HORIZON_MINUTES; n++) {
        const candidate = new Date(start - n * MINUTE);
        if (matcher.match(candidate)) return candidate;
      }
      return null;
    },
    /** The first slot after `at`. */
    next(at: Date): Date | null {
      const start = floor(at).getTime();
      for (let n = 1; n <= HORIZON_MINUTES; n++) {
        const candidate = new Date(start + n * MINUTE);
        if (matcher.match(candidate)) return candidate;
      }
      return null;
    },
    /** Whether `at` (to the minute) is a slot. */
    matches: (at: Date) => matcher.match(floor(at)),
  };
}
