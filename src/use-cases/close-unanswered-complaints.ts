import type { IntakeDeps } from './intake-deps.ts';

/** Complaints looked at per run; the next run takes the rest. */
const BATCH = 1000;

/**
 * SP4N-LAPOR! practice: an answered complaint the citizen has not replied to for
 * `sla.autoCloseAfterWorkingDays` working days (default 10) after the answer — or after their last
 * follow-up — is closed, on the record. 0 turns it off.
 */
export async function closeUnansweredComplaints(deps: IntakeDeps): Promise<{ closed: number }> {
  const days = deps.sla.autoCloseAfterWorkingDays;
  if (days <= 0) return { closed: 0 };
  const now = deps.clock();
  let closed = 0;
  for (const complaint of await deps.store.repos.complaints.list({ status: 'answered', limit: BATCH })) {
    const history = await deps.store.repos.events.listForComplaint(complaint.id);
    const lastWord = history.findLast(
      (e) =>
        (e.type === 'complaint.closed' && e.data.outcome === 'dijawab') || e.type === 'complaint.follow_up',
    );
    if (!lastWord || deps.calendar.addWorkingDays(lastWord.at, days) > now) continue;
    await deps.store.transaction(async (repos) => {
      await repos.complaints.updateProgress(complaint.id, { status: 'closed', currentStepId: null });
      await repos.events.append({
        complaintId: complaint.id,
        at: now,
        actor: 'system',
        type: 'complaint.auto_closed',
        data: {
          reason: `no reply from the complainant in ${days} working days`,
          since: lastWord.at.toISOString(),
        },
      });
    });
    closed++;
  }
  return { closed };
}
