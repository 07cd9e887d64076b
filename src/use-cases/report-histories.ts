import {
  replayComplaint,
  type ComplaintHistory,
  type ReportComplaint,
  type ReportTrail,
} from '../domain/reports/complaint-history.ts';
import type { ReportContext } from '../domain/reports/report-context.ts';
import type { ReportLetterhead } from './ports/document-renderer.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { kopOf } from './document-records.ts';

export type ReportDeps = Pick<
  IntakeDeps,
  'store' | 'clock' | 'sop' | 'calendar' | 'office' | 'documents' | 'reports' | 'renderMail' | 'log'
>;

/** Complaints replayed per batch: enough to keep round trips few, few enough to keep memory flat. */
const BATCH = 5_000;

/** What the figures are computed with: the SOP, the calendar, the units' names and roles. */
export async function reportContext(deps: ReportDeps): Promise<{
  context: ReportContext;
  diskominfo: string;
  unitOfRole: (role: string) => string;
}> {
  const units = await deps.store.repos.directory.units();
  const diskominfo = units.find((unit) => unit.kind === 'diskominfo')?.code ?? 'DISKOMINFO';
  const names = new Map(units.map((unit) => [unit.code, unit.name]));
  const roleUnits = new Map(
    deps.sop.roles.map((role) => [role.key, role.unit === 'opd' ? 'opd' : diskominfo]),
  );
  return {
    context: {
      sop: deps.sop,
      calendar: deps.calendar,
      unitName: (code) => (code === null ? 'Belum diteruskan ke OPD' : (names.get(code) ?? code)),
    },
    diskominfo,
    unitOfRole: (role) => roleUnits.get(role) ?? diskominfo,
  };
}

/**
 * The complaints a report over [from, to) looks at, each replayed from its trail to `to`, in
 * batches: a month of 100,000 complaints never sits in memory as two million events at once. The
 * next batch is read while the caller works through this one (the read runs on the database
 * server, or on the SQLite reader's own thread).
 */
export async function* historyBatches(
  from: Date,
  to: Date,
  unitOfRole: (role: string) => string,
  deps: ReportDeps,
): AsyncGenerator<Iterable<ComplaintHistory>> {
  const read = (after: string | null) =>
    deps.store.repos.reports.historiesBetween(from, to, { after, limit: BATCH });
  let next = read(null);
  try {
    for (;;) {
      const { last, trails } = await next;
      if (last === null) return;
      next = read(last);
      yield replayed(trails, to, unitOfRole);
    }
  } finally {
    // A caller that stops early leaves one read in flight: its outcome is of no use to anyone.
    next.catch(() => undefined);
  }
}

/** Each complaint replayed as the caller takes it, so each is garbage by the time the next is made. */
function* replayed(
  trails: Iterable<{ complaint: ReportComplaint; trail: ReportTrail }>,
  to: Date,
  unitOfRole: (role: string) => string,
): Generator<ComplaintHistory> {
  for (const { complaint, trail } of trails) yield replayComplaint(complaint, trail, to, unitOfRole);
}

/** Diskominfo's kop, name and zone: every report is Diskominfo's. */
export async function reportLetterhead(diskominfo: string, deps: ReportDeps): Promise<ReportLetterhead> {
  return {
    name: deps.office.name,
    timeZone: deps.office.timeZone,
    kop: await kopOf(deps.store.repos, diskominfo, deps),
  };
}
