import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { redactIdentity } from '../complaint/redact-identity.ts';
import type { SopDefinition } from '../sop/sop-definition.ts';
import type { ReportComplaint } from './complaint-history.ts';

/** What every report is computed with: the SOP, the working calendar, and the units' names. */
export interface ReportContext {
  sop: SopDefinition;
  calendar: WorkingCalendar;
  /** "Dinas PUPR" for "PUPR"; null (not yet with any unit) gets the report's own words. */
  unitName(code: string | null): string;
}

/** One line of a count table (and one bar of its chart). */
export interface Count {
  label: string;
  count: number;
}

/** Counted labels as count lines, largest first (ties by label, so the same data gives the same order). */
export function largestFirst(counts: ReadonlyMap<string, number>): Count[] {
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'id'));
}

/**
 * A complaint's subject as a report may print it. For a rahasia or anonim complaint anything
 * shaped like an identity (e-mail, NIK, phone number, an "Nama: …" line) is withheld: the report
 * travels further than the complaint's own handlers.
 */
export function reportedSubject(
  complaint: Pick<ReportComplaint, 'subject' | 'anonymous' | 'confidential'>,
): string {
  return complaint.anonymous || complaint.confidential
    ? redactIdentity(complaint.subject, {})
    : complaint.subject;
}

/** Who complained, as the register shows it: never the identity of a rahasia or anonim complaint. */
export function reportedComplainant(complaint: ReportComplaint): string {
  if (complaint.confidential) return 'Dirahasiakan';
  if (complaint.anonymous) return 'Anonim';
  return complaint.complainantName ?? '-';
}
