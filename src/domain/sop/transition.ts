import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Channel } from '../complaint/complaint.ts';
import { SOP_ACTIONS, isSopActionName } from './action-vocabulary.ts';
import type { SopActionName } from './action-vocabulary.ts';
import { actionNamesOf, CITIZEN_ROLE, findStep, isTerminalOutcome, roleTitle } from './sop-definition.ts';
import type { DocumentKind, SopAction, SopDefinition, SopStep, TerminalOutcome } from './sop-definition.ts';
import { mainMoveOf } from './sop-paths.ts';

/**
 * The SOP state machine: pure. It says what should happen (open a task with this deadline, render
 * that document, write to the citizen) as effect values; use-cases carry them out in the same
 * transaction as the state change.
 */

export interface SopState {
  /** null once the complaint has an outcome. */
  stepId: string | null;
  outcome?: TerminalOutcome;
  stepStartedAt: Date;
  dueAt: Date | null;
  /** PERPANJANG used at the current step (once per visit). */
  extended: boolean;
  /** How the complaint came in: the answer goes back the same way (Balangan step 11). */
  channel: Channel;
}

export type SopEvent =
  | { type: 'action'; action: string; actorRole: string; note?: string }
  /** Sent by the deadline sweep: follows the step's onOverdue. */
  | { type: 'overdue' };

export type CitizenTemplate = 'acknowledgement' | 'answer' | 'rejection';

export type SopEffect =
  /** `note`: the instructions or reason the previous actor wrote (disposisi, alasan). */
  | { kind: 'open-task'; stepId: string; role: string; dueAt: Date; note?: string }
  | { kind: 'close-task'; stepId: string }
  | { kind: 'extend-task'; stepId: string; dueAt: Date }
  | { kind: 'render-document'; document: DocumentKind; stepId: string }
  /** `note`: the answer text or the reason for rejection. */
  | { kind: 'notify-citizen'; template: CitizenTemplate; channel: Channel; note?: string }
  | { kind: 'close-complaint'; outcome: TerminalOutcome };

export const TRANSITION_ERROR_CODES = [
  'complaint_closed',
  'unknown_step',
  'action_not_allowed',
  'wrong_role',
  'already_extended',
  'no_overdue_path',
  'not_yet_due',
] as const;
export type TransitionErrorCode = (typeof TRANSITION_ERROR_CODES)[number];

export interface TransitionError {
  code: TransitionErrorCode;
  /** For logs. */
  message: string;
  /** Indonesian, safe to put in the reply to the official. */
  userMessage: string;
  /** What is valid at the current step, in the order the SOP lists them. */
  allowedActions: SopActionName[];
}

export type TransitionResult =
  { ok: true; state: SopState; effects: SopEffect[] } | { ok: false; error: TransitionError };

export interface TransitionContext {
  now: Date;
  calendar: WorkingCalendar;
}

type Position = Pick<SopState, 'stepId' | 'outcome' | 'stepStartedAt' | 'dueAt' | 'extended'>;

export function startComplaint(
  sop: SopDefinition,
  context: TransitionContext & { channel: Channel },
): { state: SopState; effects: SopEffect[] } {
  const first = sop.steps[0];
  if (first === undefined) throw new Error(`SOP ${sop.id} has no steps`);
  const effects: SopEffect[] = [
    { kind: 'notify-citizen', template: 'acknowledgement', channel: context.channel },
  ];
  const position = enter(sop, first.id, context, context.channel, effects, undefined);
  return { state: { ...position, channel: context.channel }, effects };
}

export function transition(
  sop: SopDefinition,
  state: SopState,
  event: SopEvent,
  context: TransitionContext,
): TransitionResult {
  if (state.stepId === null) {
    const outcome = state.outcome ?? 'selesai';
    return fail(
      'complaint_closed',
      `complaint already closed (${outcome})`,
      `Aduan ini sudah ditutup (${outcome}); tidak ada perintah yang berlaku.`,
      [],
    );
  }
  const step = findStep(sop, state.stepId);
  if (step === undefined) {
    return fail(
      'unknown_step',
      `step "${state.stepId}" is not in SOP ${sop.id}`,
      'Langkah aduan ini tidak dikenal; hubungi admin.',
      [],
    );
  }
  const allowed = actionNamesOf(step);

  if (event.type === 'overdue') {
    if (step.onOverdue === undefined) {
      return fail(
        'no_overdue_path',
        `step "${step.id}" has no onOverdue`,
        `Langkah "${step.name}" tidak berpindah otomatis saat terlambat.`,
        allowed,
      );
    }
    if (state.dueAt !== null && context.now < state.dueAt) {
      return fail(
        'not_yet_due',
        `step "${step.id}" is due ${state.dueAt.toISOString()}`,
        `Langkah "${step.name}" belum melewati batas waktu.`,
        allowed,
      );
    }
    const effects: SopEffect[] = [{ kind: 'close-task', stepId: step.id }];
    const position = enter(sop, step.onOverdue, context, state.channel, effects, undefined);
    return { ok: true, state: { ...position, channel: state.channel }, effects };
  }

  const action = isSopActionName(event.action) ? step.actions[event.action] : undefined;
  if (action === undefined) {
    return fail(
      'action_not_allowed',
      `action "${event.action}" is not valid at step "${step.id}"`,
      `Perintah "${event.action}" tidak berlaku pada langkah "${step.name}". Perintah yang berlaku: ${commands(allowed)}.`,
      allowed,
    );
  }
  if (event.actorRole !== step.actor) {
    const who = roleTitle(sop, step.actor);
    return fail(
      'wrong_role',
      `step "${step.id}" is acted by ${step.actor}, not ${event.actorRole}`,
      `Langkah "${step.name}" dikerjakan oleh ${who}; perintah dari ${roleTitle(sop, event.actorRole)} tidak dapat diterima.`,
      allowed,
    );
  }
  if (action.extendTo !== undefined) return extend(step, action.extendTo, state, context, allowed);

  const effects: SopEffect[] = [{ kind: 'close-task', stepId: step.id }];
  actionEffects(step, action, state.channel, effects, event.note);
  const position = enter(sop, action.to, context, state.channel, effects, event.note);
  return { ok: true, state: { ...position, channel: state.channel }, effects };
}

function extend(
  step: SopStep,
  extendTo: NonNullable<SopAction['extendTo']>,
  state: SopState,
  context: TransitionContext,
  allowed: SopActionName[],
): TransitionResult {
  if (state.extended) {
    return fail(
      'already_extended',
      `step "${step.id}" was already extended`,
      `Batas waktu langkah "${step.name}" sudah pernah diperpanjang.`,
      allowed,
    );
  }
  // "Ditanggapi paling lambat 14 hari": the new standard counts from when the step began.
  const dueAt = context.calendar.add(state.stepStartedAt, extendTo);
  return {
    ok: true,
    state: { ...state, dueAt, extended: true },
    effects: [{ kind: 'extend-task', stepId: step.id, dueAt }],
  };
}

function actionEffects(
  step: SopStep,
  action: SopAction,
  channel: Channel,
  effects: SopEffect[],
  note: string | undefined,
): void {
  if (action.produces !== undefined)
    effects.push({ kind: 'render-document', document: action.produces, stepId: step.id });
  if (action.notify !== undefined) {
    effects.push({
      kind: 'notify-citizen',
      template: action.notify,
      channel,
      ...(note === undefined ? {} : { note }),
    });
  }
}

/** Moves to a step or outcome; the citizen's own steps complete by themselves on the main path. */
function enter(
  sop: SopDefinition,
  targetId: string,
  { now, calendar }: TransitionContext,
  channel: Channel,
  effects: SopEffect[],
  note: string | undefined,
): Position {
  let target = targetId;
  for (let hops = 0; hops <= sop.steps.length; hops++) {
    if (isTerminalOutcome(target)) {
      effects.push({ kind: 'close-complaint', outcome: target });
      return { stepId: null, outcome: target, stepStartedAt: now, dueAt: null, extended: false };
    }
    const step = findStep(sop, target);
    if (step === undefined) throw new Error(`SOP ${sop.id}: unchecked target "${target}"`);
    if (step.actor !== CITIZEN_ROLE) {
      const dueAt = calendar.add(now, step.time);
      effects.push({
        kind: 'open-task',
        stepId: step.id,
        role: step.actor,
        dueAt,
        ...(note === undefined ? {} : { note }),
      });
      return { stepId: step.id, stepStartedAt: now, dueAt, extended: false };
    }
    const move = mainMoveOf(step);
    if (move === undefined) throw new Error(`SOP ${sop.id}: citizen step "${step.id}" has no way forward`);
    const action = isSopActionName(move.via) ? step.actions[move.via] : undefined;
    if (action !== undefined) actionEffects(step, action, channel, effects, note);
    target = move.to;
  }
  throw new Error(`SOP ${sop.id}: citizen steps loop from "${targetId}"`);
}

function commands(actions: readonly SopActionName[]): string {
  return actions.map((name) => SOP_ACTIONS[name].command).join(', ') || '(tidak ada)';
}

function fail(
  code: TransitionErrorCode,
  message: string,
  userMessage: string,
  allowedActions: SopActionName[],
): TransitionResult {
  return { ok: false, error: { code, message, userMessage, allowedActions } };
}
