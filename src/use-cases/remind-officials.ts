import { formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import { findStep } from '../domain/sop/sop-definition.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { Task } from '../domain/complaint/complaint.ts';
import { SweepDigests } from './sla-digests.ts';

/** Tasks looked at per sweep; the next sweep takes the rest. */
const BATCH = 1000;

/**
 * Reminds officials before their tasks fall due: once a task has used a threshold's share of its
 * time standard in working time (`sla.remindAtPercent`, by default 50 and 80), its holders are
 * reminded — in one digest mail per person per sweep listing all their tasks that crossed one,
 * never a mail per task. Each task carries when it must be looked at next (the next threshold, then
 * its due time, where escalation takes over), so a sweep reads only the tasks whose moment came,
 * and a sweep after downtime reminds once at the highest threshold passed.
 */
export async function remindOfficials(deps: IntakeDeps): Promise<{ tasks: number; mails: number }> {
  const now = deps.clock();
  const { calendar, store } = deps;
  const percents = [...deps.sla.remindAtPercent].sort((a, b) => a - b);
  const when = (at: Date) => formatTanggalWaktu(at, deps.office.timeZone, { lang: deps.office.language });
  const diskominfo = (await store.repos.directory.units()).find((unit) => unit.kind === 'diskominfo');
  const digests = new SweepDigests();
  const schedule: { task: Task; next: Date }[] = [];

  for (const task of await store.repos.tasks.listNeedingAction(now, BATCH)) {
    const total = calendar.workingMinutesBetween(task.createdAt, task.dueAt);
    const elapsed = calendar.workingMinutesBetween(task.createdAt, now);
    const crossed = percents.filter((p) => total > 0 && elapsed >= (total * p) / 100);
    const ahead = percents.find((p) => total > 0 && elapsed < (total * p) / 100);
    const next =
      ahead === undefined
        ? task.dueAt
        : calendar.addWorkingMinutes(task.createdAt, Math.ceil((total * ahead) / 100));
    schedule.push({ task, next });
    const percent = crossed.at(-1);
    if (percent === undefined) continue;

    const complaint = await store.repos.complaints.findById(task.complaintId);
    if (!complaint || complaint.currentStepId !== task.stepId) continue;
    const role = deps.sop.roles.find((r) => r.key === task.role);
    const unit = role?.unit === 'opd' ? complaint.opdUnitCode : (diskominfo?.code ?? null);
    const holders = unit ? await store.repos.directory.holdersOf(task.role, unit, now) : [];
    const step = findStep(deps.sop, task.stepId);
    const line = `[${complaint.trackingNumber}] ${complaint.subject}\n    langkah ${step?.no}. ${step?.name}, batas ${when(task.dueAt)} (${Math.floor((elapsed / total) * 100)} % waktu terpakai)`;
    for (const { person } of holders) {
      digests.add(person, line);
      digests.record(task.id, {
        complaintId: complaint.id,
        at: now,
        actor: 'system',
        type: 'task.reminded',
        data: { taskId: task.id, stepId: task.stepId, percent, to: person.email },
      });
    }
  }

  return digests.commit(schedule, { template: 'pengingat', kind: 'reminder' }, deps, now);
}
