import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { roleTitle } from './sop-definition.ts';
import type { SopDefinition, TerminalOutcome } from './sop-definition.ts';
import { mainPath } from './sop-paths.ts';
import { sumTimeStandards } from './time-standard.ts';
import type { TimeStandard } from './time-standard.ts';

/**
 * One complaint through the main path with every step taking its full time standard: the worst
 * case an office commits to, shown by `aduan sop simulate`. The citizen's own step (Kaltim 1) is
 * included because the document counts it.
 */

export interface SimulatedStep {
  no: number;
  stepId: string;
  name: string;
  actor: string;
  actorTitle: string;
  startsAt: Date;
  dueAt: Date;
  standard: TimeStandard;
}

export interface SopSimulation {
  /** When the clock starts: the arrival, or the next opening if it came outside office hours. */
  startsAt: Date;
  steps: SimulatedStep[];
  outcome: TerminalOutcome;
  /** Sum of the main path's standards, days and minutes kept apart as the SOP writes them. */
  total: TimeStandard;
  finalDueAt: Date;
}

export function simulateSop(
  sop: SopDefinition,
  { start, calendar }: { start: Date; calendar: WorkingCalendar },
): SopSimulation {
  const { steps: path, outcome } = mainPath(sop);
  const startsAt = calendar.nextWorkingInstant(start);
  let cursor = startsAt;
  const steps = path.map((step): SimulatedStep => {
    // Each step starts where the previous one ran out; a step ending at closing time hands on
    // to the next opening, hence nextWorkingInstant.
    const stepStart = calendar.nextWorkingInstant(cursor);
    const dueAt = calendar.add(stepStart, step.time);
    cursor = dueAt;
    return {
      no: step.no,
      stepId: step.id,
      name: step.name,
      actor: step.actor,
      actorTitle: roleTitle(sop, step.actor),
      startsAt: stepStart,
      dueAt,
      standard: step.time,
    };
  });
  return {
    startsAt,
    steps,
    outcome,
    total: sumTimeStandards(path.map((step) => step.time)),
    finalDueAt: cursor,
  };
}
