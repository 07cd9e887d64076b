import { isValidTimeZone } from '../calendar/zoned-time.ts';
import { isSopActionName, SOP_ACTION_NAMES } from './action-vocabulary.ts';
import { CITIZEN_ROLE, isTerminalOutcome, TERMINAL_OUTCOMES } from './sop-definition.ts';
import type { SopFile, SopFileStep } from './sop-definition.ts';
import { walkMainPath } from './sop-paths.ts';
import { problemCollector } from './sop-problem.ts';
import type { LocatePath, PathSegment, SopProblem, SopProblemCode } from './sop-problem.ts';
import { parseTimeStandard } from './time-standard.ts';

/**
 * Semantic checks of an SOP whose shape already passed sopFileSchema: references between roles
 * and steps, time standards, and whether every step can be reached and left. Every problem is
 * listed at once, each with the fix, so an office admin edits the file in one go.
 */

type Report = (code: SopProblemCode, segments: readonly PathSegment[], message: string) => void;

const OUTCOMES = TERMINAL_OUTCOMES.join(', ');
const TIME_EXAMPLE = 'e.g. "60 menit", "2 jam", "5 hari" or "1 hari 2 jam"';

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
    checkTime(step.time, ['steps', i, 'time'], `Step ${label(step)}`, report, true);
    checkActions(step, i, { stepIds, recurringIds }, report);
  });
  file.recurring.forEach((duty, i) => {
    actorProblem(duty.actor, ['recurring', i, 'actor']);
    checkTime(duty.time, ['recurring', i, 'time'], `Recurring duty ${label(duty)}`, report, true);
  });

  // Reachability and the main path only make sense once every reference points somewhere.
  if (!problems.some((p) => p.code === 'unknown_target' || p.code === 'duplicate_step_id')) {
    checkReachable(file, report);
    checkMainPath(file, report);
  }
  return problems;
}

function label(step: { id: string; no: number }): string {
  return `"${step.id}" (no ${step.no})`;
}

function useRoles(roleKeys: Set<string>): string {
  return `Use one of: ${[...roleKeys].join(', ')} (or "${CITIZEN_ROLE}" for the citizen), or declare it under roles.`;
}

function checkRoles(file: SopFile, report: Report): Set<string> {
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

function checkTime(
  value: string | number | undefined,
  segments: PathSegment[],
  what: string,
  report: Report,
  required: boolean,
): void {
  if (value === undefined) {
    if (required)
      report(
        'missing_time_standard',
        segments,
        `${what} has no time standard. Add "time:" with the SOP's "Waktu", ${TIME_EXAMPLE}.`,
      );
    return;
  }
  if (typeof value === 'number') {
    report('bad_time_standard', segments, `${value} has no unit. Write the unit too, ${TIME_EXAMPLE}.`);
  } else if (parseTimeStandard(value) === null) {
    report(
      'bad_time_standard',
      segments,
      `"${value}" is not a time standard. Write a number and hari, jam or menit, ${TIME_EXAMPLE}.`,
    );
  }
}

/** Step ids are one namespace with the recurring duties; numbers follow the document and must not repeat. */
function checkStepIdentity(file: SopFile, report: Report): Set<string> {
  const ids = new Set<string>();
  const numbers = new Set<number>();
  const all = [
    ...file.steps.map((step, i) => ({ step, at: ['steps', i] as PathSegment[] })),
    ...file.recurring.map((step, i) => ({ step, at: ['recurring', i] as PathSegment[] })),
  ];
  for (const { step, at } of all) {
    if (ids.has(step.id))
      report(
        'duplicate_step_id',
        [...at, 'id'],
        `Step id "${step.id}" is used twice. Give each step its own id.`,
      );
    if (numbers.has(step.no))
      report(
        'duplicate_step_no',
        [...at, 'no'],
        `Step number ${step.no} is used twice. Number the steps as the SOP document does.`,
      );
    ids.add(step.id);
    numbers.add(step.no);
  }
  return new Set(file.steps.map((step) => step.id));
}

function checkActions(
  step: SopFileStep,
  i: number,
  known: { stepIds: Set<string>; recurringIds: Set<string> },
  report: Report,
): void {
  const at = (...rest: PathSegment[]): PathSegment[] => ['steps', i, ...rest];
  const badTarget = (target: string, segments: PathSegment[], allowOutcome: boolean): void => {
    if (known.stepIds.has(target) || (allowOutcome && isTerminalOutcome(target))) return;
    const steps = [...known.stepIds].join(', ');
    const message = known.recurringIds.has(target)
      ? `"${target}" is a recurring duty, not part of a complaint's path. Point at a step (${steps})${allowOutcome ? ` or an outcome (${OUTCOMES})` : ''}.`
      : `"${target}" is not a step of this SOP. Use a step id (${steps})${allowOutcome ? ` or an outcome (${OUTCOMES})` : ''}.`;
    report('unknown_target', segments, message);
  };

  let mains = 0;
  let forwards = 0;
  for (const [name, action] of Object.entries(step.actions)) {
    if (!isSopActionName(name)) {
      report(
        'unknown_action',
        at('actions', name),
        `"${name}" is not an action this service knows. Use one of: ${SOP_ACTION_NAMES.join(', ')}.`,
      );
    }
    if (action.main === true) mains++;
    if (name === 'perpanjang') {
      if (action.extendTo === undefined) {
        report(
          'bad_extension',
          at('actions', name),
          `"perpanjang" needs "extendTo", the step's new time standard, e.g. extendTo: 14 hari.`,
        );
      } else {
        checkTime(action.extendTo, at('actions', name, 'extendTo'), 'The extension', report, true);
      }
      if (action.to !== undefined && action.to !== step.id) {
        report(
          'bad_extension',
          at('actions', name, 'to'),
          `"perpanjang" keeps the complaint at this step; remove "to".`,
        );
      }
      continue;
    }
    if (action.extendTo !== undefined) {
      report(
        'bad_extension',
        at('actions', name, 'extendTo'),
        `Only "perpanjang" extends a deadline; remove "extendTo" here.`,
      );
    }
    if (action.to === undefined) {
      report(
        'missing_field',
        at('actions', name),
        `Action "${name}" needs "to": the next step's id or an outcome (${OUTCOMES}).`,
      );
      continue;
    }
    badTarget(action.to, at('actions', name, 'to'), true);
    if (action.to !== step.id) forwards++;
  }
  if (mains > 1) {
    report(
      'several_main_actions',
      at('actions'),
      `Step ${label(step)} marks ${mains} actions "main: true"; keep it on the one the main path takes.`,
    );
  }
  if (step.onOverdue !== undefined) badTarget(step.onOverdue, at('onOverdue'), false);
  else if (forwards === 0) {
    report(
      'no_way_forward',
      at('actions'),
      `Step ${label(step)} has no way forward, so a complaint reaching it would be stuck. Add an action with "to" (e.g. teruskan: { to: <next step>, label: ... }) or "onOverdue".`,
    );
  }
}

function checkReachable(file: SopFile, report: Report): void {
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
      `Step ${label(step)} cannot be reached from the first step "${first.id}": no action or onOverdue leads to it. Point an action's "to" at "${step.id}", or remove the step.`,
    );
  });
}

function checkMainPath(file: SopFile, report: Report): void {
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
