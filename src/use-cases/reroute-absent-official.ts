import type { Channel, Task } from '../domain/complaint/complaint.ts';
import type { RoleHolder } from '../domain/directory/directory.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import { taskMailFacts } from './carry-out-effects.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord, Repositories } from './ports/store.ts';
import type { NewEvent } from './queue-automatic-mail.ts';
import { queueTaskMails } from './queue-task-mails.ts';
import { claim, decideOnce, intakeResult } from './record-decision.ts';

/**
 * An official's out-of-office notice answering a task mail: never answered (it is automatic mail),
 * but their open tasks are mailed to someone present — the acting official (Plt/Plh) the directory
 * names for the same role, or, with `sla.outOfOffice: supervisor` or when there is none, the holders
 * of the role's supervisor as the SOP names it. The absent official's own task mails stay valid:
 * whoever acts first acts.
 */
export async function rerouteAbsentOfficial(
  record: InboundMessageRecord,
  channel: Channel,
  message: InboundMessage,
  reason: string,
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const now = deps.clock();
  const from = message.from?.address?.toLowerCase() ?? null;
  const person = from ? await deps.store.repos.directory.findPerson(from) : null;
  const taskIds = person ? await deps.store.repos.replyTokens.openTasksMailedTo(person.email) : [];
  const note = person
    ? `${person.name} sedang tidak di kantor (balasan otomatis: "${message.subject.slice(0, 120)}"); tugasnya diteruskan kepada Anda. Tugas ini tetap dapat dijalankan oleh yang pertama membalas.`
    : '';

  return decideOnce(record, channel, deps, async (repos) => {
    const rerouted: string[] = [];
    const events: NewEvent[] = [];
    for (const taskId of taskIds) {
      const task = await repos.tasks.findById(taskId);
      const complaint = task ? await repos.complaints.findById(task.complaintId) : null;
      if (!task || !complaint || complaint.currentStepId !== task.stepId) continue;
      const standIns = await standInsFor(repos, task, complaint.opdUnitCode, person!.email, deps, now);
      if (!standIns.length) continue;
      events.push(
        ...(await queueTaskMails(
          repos,
          [
            {
              task,
              complaint: await taskMailFacts(repos, complaint, complaint.opdUnitCode),
              note,
              holders: standIns,
              resentFor: record.id,
            },
          ],
          now,
          deps,
        )),
        {
          complaintId: complaint.id,
          at: now,
          actor: 'system',
          type: 'task.rerouted',
          data: {
            taskId: task.id,
            inboundId: record.id,
            absent: person!.email,
            to: standIns.map((h) => h.person.email),
            reason: 'out-of-office reply',
          },
        },
      );
      rerouted.push(task.id);
    }
    const decided = person
      ? `${reason}; out-of-office of ${person.email}: ${rerouted.length} open task(s) sent to stand-ins`
      : reason;
    await claim(repos, record, { status: 'ignored', reason: decided, fromAddress: from });
    await repos.events.appendMany(events);
    return intakeResult(record, channel, { outcome: 'ignored', reason: decided });
  });
}

/** Who acts while the holder is away: an acting official for the role, else the supervisors. */
async function standInsFor(
  repos: Repositories,
  task: Task,
  opdUnitCode: string | null,
  absent: string,
  deps: IntakeDeps,
  now: Date,
): Promise<RoleHolder[]> {
  const units = await repos.directory.units();
  const diskominfo = units.find((unit) => unit.kind === 'diskominfo')?.code ?? null;
  const unitOf = (role: string) =>
    deps.sop.roles.find((r) => r.key === role)?.unit === 'opd' ? opdUnitCode : diskominfo;
  const unit = unitOf(task.role);
  const present = (holders: RoleHolder[]) => holders.filter((h) => h.person.email !== absent);
  if (deps.sla.outOfOffice === 'delegate' && unit) {
    const acting = present(await repos.directory.holdersOf(task.role, unit, now)).filter((h) => h.acting);
    if (acting.length) return acting;
  }
  const supervisor = deps.sop.roles.find((r) => r.key === task.role)?.supervisor;
  const supervisorUnit = supervisor ? unitOf(supervisor) : null;
  return supervisor && supervisorUnit
    ? present(await repos.directory.holdersOf(supervisor, supervisorUnit, now))
    : [];
}
