import { isTerminalOutcome } from './sop-definition.ts';
import type { SopDefinition, SopStep, TerminalOutcome } from './sop-definition.ts';
import { sumTimeStandards } from './time-standard.ts';
import type { TimeStandard } from './time-standard.ts';

/**
 * The main path: the way a complaint goes when every step does its default forward move.
 * Used for totals, the simulation and to finish citizen steps automatically.
 */

interface ActionLike {
  to?: string | undefined;
  main?: boolean | undefined;
  extendTo?: unknown;
}

/** Structural, so check-sop can walk a file whose references are not yet known to be valid. */
export interface PathStepLike {
  id: string;
  actions: Partial<Record<string, ActionLike>>;
  onOverdue?: string | undefined;
}

export interface MainMove {
  /** The action name, or 'onOverdue' for a step whose main path is waiting out its time. */
  via: string;
  to: string;
}

function isForward(
  step: PathStepLike,
  action: ActionLike | undefined,
): action is ActionLike & { to: string } {
  return (
    action !== undefined && action.extendTo === undefined && action.to !== undefined && action.to !== step.id
  );
}

/**
 * The action marked `main: true`; otherwise the automatic onOverdue move (Karanganyar's group step:
 * the document's sequence is "the group stays silent, then the admin forwards"); otherwise the
 * first forward action listed.
 */
export function mainMoveOf(step: PathStepLike): MainMove | undefined {
  const forwards = Object.entries(step.actions).filter(
    (entry): entry is [string, ActionLike & { to: string }] => isForward(step, entry[1]),
  );
  const marked = forwards.find(([, action]) => action.main === true);
  if (marked !== undefined) return { via: marked[0], to: marked[1].to };
  if (step.onOverdue !== undefined) return { via: 'onOverdue', to: step.onOverdue };
  const first = forwards[0];
  return first === undefined ? undefined : { via: first[0], to: first[1].to };
}

export type MainPathEnd =
  | { kind: 'outcome'; outcome: TerminalOutcome }
  | { kind: 'loop'; stepId: string }
  | { kind: 'dead_end'; stepId: string }
  | { kind: 'unknown_target'; stepId: string; target: string };

export function walkMainPath<S extends PathStepLike>(
  steps: readonly S[],
  startId: string,
): { steps: S[]; end: MainPathEnd } {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const visited: S[] = [];
  let current = byId.get(startId);
  if (current === undefined)
    return { steps: visited, end: { kind: 'unknown_target', stepId: '', target: startId } };
  for (;;) {
    if (visited.includes(current)) return { steps: visited, end: { kind: 'loop', stepId: current.id } };
    visited.push(current);
    const move = mainMoveOf(current);
    if (move === undefined) return { steps: visited, end: { kind: 'dead_end', stepId: current.id } };
    if (isTerminalOutcome(move.to)) return { steps: visited, end: { kind: 'outcome', outcome: move.to } };
    const next = byId.get(move.to);
    if (next === undefined) {
      return { steps: visited, end: { kind: 'unknown_target', stepId: current.id, target: move.to } };
    }
    current = next;
  }
}

/** The main path of a checked SOP, from its first step to its outcome. */
export function mainPath(sop: SopDefinition): { steps: SopStep[]; outcome: TerminalOutcome } {
  // A definition does not change once parsed: every acknowledgement's answer date walks this path.
  let path = mainPaths.get(sop);
  if (path === undefined) mainPaths.set(sop, (path = walkFromFirstStep(sop)));
  return { steps: [...path.steps], outcome: path.outcome };
}

const mainPaths = new WeakMap<SopDefinition, { steps: SopStep[]; outcome: TerminalOutcome }>();

function walkFromFirstStep(sop: SopDefinition): { steps: SopStep[]; outcome: TerminalOutcome } {
  const first = sop.steps[0];
  if (first === undefined) throw new Error(`SOP ${sop.id} has no steps`);
  const { steps, end } = walkMainPath(sop.steps, first.id);
  // check-sop rejects every other ending, so this only fires on an unchecked definition.
  if (end.kind !== 'outcome')
    throw new Error(`SOP ${sop.id}: main path does not end (${end.kind} at ${end.stepId})`);
  return { steps, outcome: end.outcome };
}

/** Sum of every per-complaint step, as the SOP document sums its "Waktu" column. */
export function totalTimeStandard(sop: SopDefinition): TimeStandard {
  return sumTimeStandards(sop.steps.map((step) => step.time));
}

/** Sum of the recurring duties (Karanganyar's monthly recap and archive). */
export function recurringTimeStandard(sop: SopDefinition): TimeStandard {
  return sumTimeStandards(sop.recurring.map((duty) => duty.time));
}
