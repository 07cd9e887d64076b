import { isSopActionName, SOP_ACTION_NAMES } from './action-vocabulary.ts';
import { isTerminalOutcome, TERMINAL_OUTCOMES } from './sop-definition.ts';
import type { SopFile, SopFileStep } from './sop-definition.ts';
import type { PathSegment, ReportProblem } from './sop-problem.ts';
import { parseTimeStandard } from './time-standard.ts';

/** Checks of single steps for check-sop.ts: ids and numbers, time standards, actions and targets. */

const OUTCOMES = TERMINAL_OUTCOMES.join(', ');
const TIME_EXAMPLE = 'e.g. "60 menit", "2 jam", "5 hari" or "1 hari 2 jam"';

export function stepLabel(step: { id: string; no: number }): string {
  return `"${step.id}" (no ${step.no})`;
}

export function checkTime(
  value: string | number | undefined,
  segments: PathSegment[],
  what: string,
  report: ReportProblem,
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
export function checkStepIdentity(file: SopFile, report: ReportProblem): Set<string> {
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

export function checkActions(
  step: SopFileStep,
  i: number,
  known: { stepIds: Set<string>; recurringIds: Set<string> },
  report: ReportProblem,
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
    if (action.to === step.id) {
      report(
        'self_target',
        at('actions', name, 'to'),
        `Action "${name}" leads back to this same step; point it at another step or an outcome (only "perpanjang" stays).`,
      );
      continue;
    }
    badTarget(action.to, at('actions', name, 'to'), true);
    forwards++;
  }
  if (mains > 1) {
    report(
      'several_main_actions',
      at('actions'),
      `Step ${stepLabel(step)} marks ${mains} actions "main: true"; keep it on the one the main path takes.`,
    );
  }
  if (step.onOverdue !== undefined) badTarget(step.onOverdue, at('onOverdue'), false);
  else if (forwards === 0) {
    report(
      'no_way_forward',
      at('actions'),
      `Step ${stepLabel(step)} has no way forward, so a complaint reaching it would be stuck. Add an action with "to" (e.g. teruskan: { to: <next step>, label: ... }) or "onOverdue".`,
    );
  }
}
