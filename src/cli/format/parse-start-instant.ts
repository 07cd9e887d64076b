import { instantFromLocal } from '../../domain/calendar/zoned-time.ts';
import { UsageError } from '../usage-error.ts';

/** An ISO date-time; without an offset it is read as wall-clock time in the given zone. */
export function parseStartInstant(text: string, timeZone: string): Date {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text.trim(),
    );
  if (!match)
    throw new UsageError(
      `--start ${text}: not an ISO date-time. Example: 2026-11-20T17:00:00+08:00 or 2026-11-20T17:00`,
    );
  const [, year, month, day, hour = '00', minute = '00', second = '00', offset] = match;
  if (offset) {
    const instant = new Date(text.trim().replace(' ', 'T'));
    if (Number.isNaN(instant.getTime())) throw new UsageError(`--start ${text}: not a valid date-time.`);
    return instant;
  }
  return instantFromLocal(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second),
    },
    timeZone,
  );
}
