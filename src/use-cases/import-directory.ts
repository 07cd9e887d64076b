import { instantFromLocal, parseDateKey } from '../domain/calendar/zoned-time.ts';
import type { Person, Unit } from '../domain/directory/directory.ts';
import type { Store } from './ports/store.ts';

export interface DirectoryImport {
  units: Unit[];
  people: Person[];
  /** `from`/`until` are office-local days (YYYY-MM-DD): a role runs from the start of `from` to the end of `until`. */
  roles: {
    email: string;
    roleKey: string;
    unitCode: string;
    acting: string | null;
    from: string | null;
    until: string | null;
  }[];
}

export interface DirectoryImportReport {
  units: Record<'created' | 'updated' | 'unchanged', number>;
  people: Record<'created' | 'updated' | 'unchanged', number>;
  rolesAssigned: number;
}

/**
 * Writes a directory file into the database in one transaction: units and people are created or
 * updated, roles are added (a role already held is left as it is; ending one is `aduan people
 * remove`). Every change is an audit event by the operator.
 */
export async function importDirectory(
  directory: DirectoryImport,
  deps: { store: Store; clock: () => Date; timeZone: string; actor: string },
): Promise<DirectoryImportReport> {
  const now = deps.clock();
  const day = (key: string, end: boolean): Date => {
    const date = parseDateKey(key)!;
    const start = instantFromLocal({ ...date, hour: 0, minute: 0 }, deps.timeZone);
    return end ? new Date(start.getTime() + 86_400_000) : start;
  };
  return deps.store.transaction(async (repos) => {
    const report: DirectoryImportReport = {
      units: { created: 0, updated: 0, unchanged: 0 },
      people: { created: 0, updated: 0, unchanged: 0 },
      rolesAssigned: 0,
    };
    const events: { type: string; data: Record<string, unknown> }[] = [];
    for (const unit of directory.units) {
      const outcome = await repos.directory.saveUnit(unit, now);
      report.units[outcome]++;
      if (outcome !== 'unchanged') events.push({ type: `directory.unit_${outcome}`, data: { ...unit } });
    }
    for (const person of directory.people) {
      const outcome = await repos.directory.savePerson(person, now);
      report.people[outcome]++;
      if (outcome !== 'unchanged') events.push({ type: `directory.person_${outcome}`, data: { ...person } });
    }
    for (const role of directory.roles) {
      const validFrom = role.from ? day(role.from, false) : now;
      const validUntil = role.until ? day(role.until, true) : null;
      const added = await repos.directory.assignRole({ ...role, validFrom, validUntil });
      if (added) {
        report.rolesAssigned++;
        events.push({
          type: 'directory.role_assigned',
          data: {
            ...role,
            validFrom: validFrom.toISOString(),
            validUntil: validUntil?.toISOString() ?? null,
          },
        });
      }
    }
    await repos.events.appendMany(
      events.map((event) => ({ complaintId: null, at: now, actor: deps.actor, ...event })),
    );
    return report;
  });
}

/** Ends every role a person holds, now; their past tasks and history stay. */
export async function removeFromDirectory(
  email: string,
  deps: { store: Store; clock: () => Date; actor: string },
): Promise<number> {
  const now = deps.clock();
  return deps.store.transaction(async (repos) => {
    const ended = await repos.directory.endRoles(email, now);
    if (ended) {
      await repos.events.append({
        complaintId: null,
        at: now,
        actor: deps.actor,
        type: 'directory.roles_ended',
        data: { email: email.toLowerCase(), roles: ended },
      });
    }
    return ended;
  });
}
