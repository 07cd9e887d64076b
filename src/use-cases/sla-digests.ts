import type { Task } from '../domain/complaint/complaint.ts';
import type { Person } from '../domain/directory/directory.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { NewEvent } from './queue-automatic-mail.ts';

/**
 * What one SLA sweep (reminders, escalation) tells people: the lines gathered per person, so each
 * gets one digest mail per sweep however many tasks are theirs, and the audit events per task.
 */
export class SweepDigests {
  private readonly byPerson = new Map<string, { person: Person; lines: string[]; copy: boolean }>();
  private readonly events: NewEvent[] = [];
  private readonly taskIds = new Set<string>();

  /** A line for this person's digest; `copy` when they only receive it for information. */
  add(person: Person, line: string, copy = false): void {
    const digest = this.byPerson.get(person.email) ?? { person, lines: [], copy };
    digest.lines.push(line);
    digest.copy &&= copy;
    this.byPerson.set(person.email, digest);
  }

  /** The task's event on its complaint's trail. */
  record(taskId: string, event: NewEvent): void {
    this.taskIds.add(taskId);
    this.events.push(event);
  }

  /**
   * In one transaction: when each task is to be looked at next, one mail per person from the
   * template (`templates/mail/<lang>/<template>.hbs`), and the events.
   */
  async commit(
    schedule: readonly { task: Task; next: Date }[],
    mail: { template: string; kind: string },
    deps: Pick<IntakeDeps, 'store' | 'renderMail' | 'office'>,
    now: Date,
  ): Promise<{ tasks: number; mails: number }> {
    await deps.store.transaction(async (repos) => {
      for (const { task, next } of schedule) await repos.tasks.setNextActionAt(task.id, next);
      await repos.outbox.enqueueMany(
        [...this.byPerson.values()].map(({ person, lines, copy }) => {
          const rendered = deps.renderMail(mail.template, deps.office.language, {
            officialName: person.name,
            count: lines.length,
            lines,
            copy,
            officeName: deps.office.name,
          });
          return {
            dedupeKey: `${mail.kind}:${person.email}:${now.toISOString()}`,
            to: person.email,
            subject: rendered.subject,
            text: rendered.text,
            headers: { 'Auto-Submitted': 'auto-generated', 'X-Aduan-Kind': mail.kind },
          };
        }),
        now,
      );
      await repos.events.appendMany(this.events);
    });
    return { tasks: this.taskIds.size, mails: this.byPerson.size };
  }
}
