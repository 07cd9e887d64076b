import type { IntakeDeps } from './intake-deps.ts';

/** Complaints looked at per run; the next run takes the rest. */
const BATCH = 1000;

/**
 * SP4N-LAPOR! practice: an answered complaint the citizen has not replied to for
 * `sla.autoCloseAfterWorkingDays` working days (default 10) after the answer — or after their last
 * follow-up — is closed, on the record. 0 turns it off.
 */
export async function closeUnansweredComplaints(
  deps: IntakeDeps,
  limit = BATCH,
): Promise<{ closed: number }> {
  const days = deps.sla.autoCloseAfterWorkingDays;
  if (days <= 0) return { closed: 0 };
  const now = deps.clock();
  let closed = 0;
  // Oldest first: the ones longest answered are the ones due (the newest 1,000 might all still wait).
  const answered = await deps.store.repos.complaints.list({
    status: 'answered',
    limit,
    oldestFirst: true,
  });
  // The citizen's last turn per complaint, in one read for the batch: with 100,000 complaints in
  // the database, reading each whole trail took seconds and hundreds of megabytes a run.
  const turns = await deps.store.repos.events.listOfTypes(
    answered.map((complaint) => complaint.id),
    ['complaint.closed', 'complaint.follow_up'],
  );
  const lastWordOf = new Map<string, Date>();
  for (const e of turns)
    if (e.complaintId && (e.type === 'complaint.follow_up' || e.data.outcome === 'dijawab'))
      lastWordOf.set(e.complaintId, e.at);
  for (const complaint of answered) {
    const lastWord = lastWordOf.get(complaint.id);
    if (!lastWord || deps.calendar.addWorkingDays(lastWord, days) > now) continue;
    await deps.store.transaction(async (repos) => {
      await repos.complaints.updateProgress(complaint.id, { status: 'closed', currentStepId: null });
      await repos.events.append({
        complaintId: complaint.id,
        at: now,
        actor: 'system',
        type: 'complaint.auto_closed',
        data: {
          reason: `no reply from the complainant in ${days} working days`,
          since: lastWord.toISOString(),
        },
      });
    });
    closed++;
  }
  return { closed };
}
