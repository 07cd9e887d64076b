import { formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import type { Task } from '../domain/complaint/complaint.ts';
import { CITIZEN_ROLE, findStep, roleTitle } from '../domain/sop/sop-definition.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { NewEvent } from './queue-automatic-mail.ts';
import { SweepDigests } from './sla-digests.ts';

/** Tasks looked at per sweep; the next sweep takes the rest. */
const BATCH = 1000;

/**
 * Escalates overdue tasks up the hierarchy the SOP names (`supervisor` of each role: Balangan's
 * admin → Kasi → Kabid → Kepala Dinas; in an OPD its Kepala): once a task is past its due time its
 * holder's supervisor is told; each further period of the task's own time standard (working time)
 * one level more, up to the top, and no further. The Diskominfo admin gets a copy of every
 * escalation. One digest mail per person per sweep. Steps that move by themselves when overdue
 * (onOverdue) are left to that.
 */
export async function escalateOverdueTasks(deps: IntakeDeps): Promise<{ tasks: number; mails: number }> {
  const now = deps.clock();
  const { calendar, store, sop } = deps;
  const when = (at: Date) => formatTanggalWaktu(at, deps.office.timeZone, { lang: deps.office.language });
  const units = await store.repos.directory.units();
  const diskominfo = units.find((unit) => unit.kind === 'diskominfo');
  const adminRole = sop.steps.find((step) => step.actor !== CITIZEN_ROLE)?.actor;
  const moving = sop.steps.filter((step) => step.onOverdue !== undefined).map((step) => step.id);
  const digests = new SweepDigests();
  const schedule: { task: Task; next: Date }[] = [];

  for (const task of await store.repos.tasks.listOverdueNeedingAction(now, moving, BATCH)) {
    const period = Math.max(1, calendar.workingMinutesBetween(task.createdAt, task.dueAt));
    const overdue = calendar.workingMinutesBetween(task.dueAt, now);
    const level = Math.floor(overdue / period) + 1;
    schedule.push({ task, next: calendar.addWorkingMinutes(task.dueAt, period * level) });
    const chain = supervisorsOf(task.role, deps);
    const target = chain[level - 1];
    if (!target) continue; // past the top: the top was told at its level

    const complaint = await store.repos.complaints.findById(task.complaintId);
    if (!complaint || complaint.currentStepId !== task.stepId) continue;
    const unitOf = (role: string) =>
      sop.roles.find((r) => r.key === role)?.unit === 'opd'
        ? complaint.opdUnitCode
        : (diskominfo?.code ?? null);
    const targetUnit = unitOf(target);
    const supervisors = targetUnit ? await store.repos.directory.holdersOf(target, targetUnit, now) : [];
    const step = findStep(sop, task.stepId);
    const hours = Math.round((overdue / 60) * 10) / 10;
    const line =
      `[${complaint.trackingNumber}] ${complaint.subject}\n` +
      `    langkah ${step?.no}. ${step?.name} — ${roleTitle(sop, task.role)}, batas ${when(task.dueAt)}, ` +
      `terlambat ${String(hours).replace('.', ',')} jam kerja; eskalasi tingkat ${level} kepada ${roleTitle(sop, target)}`;
    const event: NewEvent = {
      complaintId: complaint.id,
      at: now,
      actor: 'system',
      type: 'task.escalated',
      data: {
        taskId: task.id,
        stepId: task.stepId,
        level,
        toRole: target,
        to: supervisors.map((s) => s.person.email),
      },
    };
    for (const { person } of supervisors) digests.add(person, line);
    const admins =
      adminRole && diskominfo ? await store.repos.directory.holdersOf(adminRole, diskominfo.code, now) : [];
    for (const { person } of admins) digests.add(person, line, true);
    if (supervisors.length || admins.length) digests.record(task.id, event);
  }

  return digests.commit(schedule, { template: 'eskalasi', kind: 'escalation' }, deps, now);
}

/** The role's supervisors, nearest first, up to the top (a cycle in the SOP file stops the walk). */
function supervisorsOf(role: string, deps: Pick<IntakeDeps, 'sop'>): string[] {
  const chain: string[] = [];
  let current = deps.sop.roles.find((r) => r.key === role)?.supervisor;
  while (current && !chain.includes(current) && current !== role) {
    chain.push(current);
    current = deps.sop.roles.find((r) => r.key === current)?.supervisor;
  }
  return chain;
}
