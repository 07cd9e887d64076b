import {
  replayComplaint,
  type ComplaintHistory,
  type ReportEvent,
} from '../domain/reports/complaint-history.ts';
import type { ReportContext } from '../domain/reports/report-context.ts';
import type { ReportLetterhead } from './ports/document-renderer.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { kopOf } from './document-records.ts';

export type ReportDeps = Pick<
  IntakeDeps,
  'store' | 'clock' | 'sop' | 'calendar' | 'office' | 'documents' | 'reports' | 'renderMail' | 'log'
>;

/**
 * The complaints a report over [from, to) looks at, each replayed from its trail to `to`, and what
 * the figures are computed with (the SOP, the calendar, the units' names).
 */
export async function reportHistories(
  from: Date,
  to: Date,
  deps: ReportDeps,
): Promise<{ histories: ComplaintHistory[]; context: ReportContext; diskominfo: string }> {
  const units = await deps.store.repos.directory.units();
  const diskominfo = units.find((unit) => unit.kind === 'diskominfo')?.code ?? 'DISKOMINFO';
  const names = new Map(units.map((unit) => [unit.code, unit.name]));
  const roleUnits = new Map(
    deps.sop.roles.map((role) => [role.key, role.unit === 'opd' ? 'opd' : diskominfo]),
  );
  const { complaints, events } = await deps.store.repos.reports.historiesBetween(from, to);
  const trails = new Map<string, ReportEvent[]>();
  for (const event of events) {
    const trail = trails.get(event.complaintId);
    if (trail) trail.push(event);
    else trails.set(event.complaintId, [event]);
  }
  const unitOfRole = (role: string) => roleUnits.get(role) ?? diskominfo;
  return {
    histories: complaints.map((complaint) =>
      replayComplaint(complaint, trails.get(complaint.id) ?? [], to, unitOfRole),
    ),
    context: {
      sop: deps.sop,
      calendar: deps.calendar,
      unitName: (code) => (code === null ? 'Belum diteruskan ke OPD' : (names.get(code) ?? code)),
    },
    diskominfo,
  };
}

/** Diskominfo's kop, name and zone: every report is Diskominfo's. */
export async function reportLetterhead(diskominfo: string, deps: ReportDeps): Promise<ReportLetterhead> {
  return {
    name: deps.office.name,
    timeZone: deps.office.timeZone,
    kop: await kopOf(deps.store.repos, diskominfo, deps),
  };
}
