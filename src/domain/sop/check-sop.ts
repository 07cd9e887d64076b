import { isValidTimeZone } from '../calendar/zoned-time.ts';
import { checkActions, checkStepIdentity, checkTime, stepLabel } from './check-steps.ts';
import { CITIZEN_ROLE } from './sop-definition.ts';
import type { SopFile } from './sop-definition.ts';
import { walkMainPath } from './sop-paths.ts';
import { problemCollector } from './sop-problem.ts';
import type { LocatePath, PathSegment, ReportProblem, SopProblem } from './sop-problem.ts';

/**
 * Semantic checks of an SOP whose shape already passed sopFileSchema: references between roles
 * and steps, time standards, and whether every step can be reached and left. Every problem is
 * listed at once, each with the fix, so an office admin edits the file in one go.
 */

export function checkSop(
  file: SopFile,
  options: { source?: string; locate?: LocatePath } = {},
): SopProblem[] {
  const { problems, report } = problemCollector(options.source ?? 'sop', options.locate);
  const roleKeys = checkRoles(file, report);
  if (!isValidTimeZone(file.timeZone)) {
    report(
      'unknown_time_zone',
      ['timeZone'],
      `"${file.timeZone}" is not a time zone. Use Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).`,
    );
  }
  checkTime(file.statedTotal, ['statedTotal'], 'The stated total', report, false);

  const stepIds = checkStepIdentity(file, report);
  const recurringIds = new Set(file.recurring.map((duty) => duty.id));
  const actorProblem = (actor: string, segments: PathSegment[]): void => {
    if (actor === CITIZEN_ROLE || roleKeys.has(actor)) return;
    report('unknown_role', segments, `"${actor}" is not a declared role. ${useRoles(roleKeys)}`);
  };

  file.steps.forEach((step, i) => {
    actorProblem(step.actor, ['steps', i, 'actor']);
    checkTime(step.time, ['steps', i, 'time'], `Step ${stepLabel(step)}`, report, true);
    checkActions(step, i, { stepIds, recurringIds }, report);
  });
  file.recurring.forEach((duty, i) => {
    actorProblem(duty.actor, ['recurring', i, 'actor']);
    checkTime(duty.time, ['recurring', i, 'time'], `Recurring duty ${stepLabel(duty)}`, report, true);
  });

  // Reachability and the main path only make sense once every reference points somewhere.
  if (!problems.some((p) => p.code === 'unknown_target' || p.code === 'duplicate_step_id')) {
    checkReachable(file, report);
    checkMainPath(file, report);
  }
  return problems;
}

function useRoles(roleKeys: Set<string>): string {
  return `Use one of: ${[...roleKeys].join(', ')} (or "${CITIZEN_ROLE}" for the citizen), or declare it under roles.`;
}

function checkRoles(file: SopFile, report: ReportProblem): Set<string> {
  const keys = new Set<string>();
  file.roles.forEach((role, i) => {
    if (role.key === CITIZEN_ROLE) {
      report(
        'duplicate_role',
        ['roles', i, 'key'],
        `"${CITIZEN_ROLE}" is the citizen and built in; remove this role.`,
      );
    } else if (keys.has(role.key)) {
      report(
        'duplicate_role',
        ['roles', i, 'key'],
        `Role "${role.key}" is declared twice; remove one or rename it.`,
      );
    }
    keys.add(role.key);
  });
  const supervisorOf = new Map(file.roles.map((role) => [role.key, role.supervisor]));
  file.roles.forEach((role, i) => {
    if (role.supervisor === undefined) return;
    if (!keys.has(role.supervisor) || role.supervisor === CITIZEN_ROLE) {
      report(
        'unknown_role',
        ['roles', i, 'supervisor'],
        `Supervisor "${role.supervisor}" is not a declared role. ${useRoles(keys)}`,
      );
      return;
    }
    const chain = [role.key];
    for (let next: string | undefined = role.supervisor; next !== undefined; next = supervisorOf.get(next)) {
      if (next === role.key) {
        report(
          'supervisor_cycle',
          ['roles', i, 'supervisor'],
          `Escalation goes round in a circle (${[...chain, next].join(' → ')}). Leave "supervisor" out on the top official.`,
        );
        return;
      }
      if (chain.includes(next)) return; // a cycle further up: reported on its own members
      chain.push(next);
    }
  });
  keys.delete(CITIZEN_ROLE);
  return keys;
}

function checkReachable(file: SopFile, report: ReportProblem): void {
  const first = file.steps[0];
  if (first === undefined) return;
  const byId = new Map(file.steps.map((step) => [step.id, step]));
  const reached = new Set([first.id]);
  const queue = [first];
  for (let step = queue.shift(); step !== undefined; step = queue.shift()) {
    const targets = [...Object.values(step.actions).map((a) => a.to), step.onOverdue];
    for (const target of targets) {
      const next = target === undefined ? undefined : byId.get(target);
      if (next !== undefined && !reached.has(next.id)) {
        reached.add(next.id);
        queue.push(next);
      }
    }
  }
  file.steps.forEach((step, i) => {
    if (reached.has(step.id)) return;
    report(
      'unreachable_step',
      ['steps', i],
      `Step ${stepLabel(step)} cannot be reached from the first step "${first.id}": no action or onOverdue leads to it. Point an action's "to" at "${step.id}", or remove the step.`,
    );
  });
}

function checkMainPath(file: SopFile, report: ReportProblem): void {
  const first = file.steps[0];
  if (first === undefined) return;
  const { steps, end } = walkMainPath(file.steps, first.id);
  if (end.kind !== 'loop') return; // dead ends and unknown targets are reported per step
  const index = file.steps.findIndex((step) => step.id === end.stepId);
  const loop = [...steps.slice(steps.findIndex((s) => s.id === end.stepId)).map((s) => s.id), end.stepId];
  report(
    'main_path_loop',
    ['steps', index],
    `Following each step's main action goes round in a circle (${loop.join(' → ')}) and never reaches an outcome. Mark the forward action of one of these steps with "main: true".`,
  );
}
