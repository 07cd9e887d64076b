import { findStep } from '../domain/sop/sop-definition.ts';
import { transition } from '../domain/sop/transition.ts';
import { carryOutEffects, TaskAlreadyDone } from './carry-out-effects.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { NewEvent } from './queue-automatic-mail.ts';

/** Tasks looked at per sweep; the next sweep takes the rest. */
const BATCH = 200;

/**
 * Moves complaints whose step has waited out its time along the step's `onOverdue` (Karanganyar:
 * nobody in the complaints group took it within 60 minutes, so the Admin Kabupaten forwards it to
 * the OPD admin). Each task moves in its own transaction that closes it only if it is still open,
 * so an official's command arriving at the same moment, or a second instance sweeping, wins or
 * loses cleanly — never both.
 */
export async function followOverdueSteps(deps: IntakeDeps): Promise<{ moved: number }> {
  const now = deps.clock();
  const stepIds = deps.sop.steps.filter((step) => step.onOverdue !== undefined).map((step) => step.id);
  if (!stepIds.length) return { moved: 0 };
  const due = await deps.store.repos.tasks.listOpen({ dueBefore: now, stepIds, limit: BATCH });
  let moved = 0;
  for (const task of due) {
    const complaint = await deps.store.repos.complaints.findById(task.complaintId);
    if (!complaint || complaint.currentStepId !== task.stepId) continue;
    const result = transition(
      deps.sop,
      {
        stepId: task.stepId,
        stepStartedAt: task.createdAt,
        dueAt: task.dueAt,
        extended: false,
        channel: complaint.channel,
      },
      { type: 'overdue' },
      { now, calendar: deps.calendar },
    );
    if (!result.ok) {
      deps.log.warn({ taskId: task.id, error: result.error.message }, 'overdue step cannot move');
      continue;
    }
    try {
      await deps.store.transaction(async (repos) => {
        const events: NewEvent[] = [];
        const event = (type: string, data: Record<string, unknown>) =>
          events.push({ complaintId: complaint.id, at: now, actor: 'system', type, data });
        event('step.overdue', {
          taskId: task.id,
          stepId: task.stepId,
          dueAt: task.dueAt.toISOString(),
          to: findStep(deps.sop, task.stepId)!.onOverdue,
        });
        await carryOutEffects(repos, result.effects, {
          draft: undefined,
          complaint,
          task,
          action: 'overdue',
          actor: 'system',
          opdUnitCode: complaint.opdUnitCode,
          now,
          event,
          deps,
        });
        await repos.complaints.updateProgress(complaint.id, { currentStepId: result.state.stepId });
        await repos.events.appendMany(events);
      });
      moved++;
    } catch (error) {
      if (!(error instanceof TaskAlreadyDone)) throw error;
    }
  }
  if (moved) deps.log.info({ moved }, 'overdue steps moved on');
  return { moved };
}
