import type { Channel } from '../domain/complaint/complaint.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord, InboundStatus, Repositories } from './ports/store.ts';

/**
 * Deciding a message happens once: every outcome's transaction records its decision with the
 * conditional update `WHERE status = 'received'` (`claim`, or `decideMany` for a batch). When
 * another run decided first, the transaction rolls back (tracking numbers included) and that
 * earlier decision is reported instead.
 */
export class AlreadyDecided extends Error {}

export async function claim(
  repos: Repositories,
  record: InboundMessageRecord,
  outcome: {
    status: Exclude<InboundStatus, 'received'>;
    reason?: string | null;
    complaintId?: string | null;
    fromAddress?: string | null;
  },
): Promise<void> {
  if (!(await repos.inbound.decide(record.id, outcome))) throw new AlreadyDecided();
}

/** Runs a decision's transaction; if the message was decided meanwhile, reports that decision. */
export async function decideOnce(
  record: InboundMessageRecord,
  channel: Channel,
  deps: Pick<IntakeDeps, 'store' | 'log'>,
  fn: (repos: Repositories) => Promise<IntakeResult>,
): Promise<IntakeResult> {
  try {
    const result = await deps.store.transaction(fn);
    logDecided(result, deps);
    return result;
  } catch (error) {
    if (!(error instanceof AlreadyDecided)) throw error;
    return reportDecided((await deps.store.repos.inbound.findById(record.id)) ?? record, channel, deps);
  }
}

/** A message whose outcome is only the decision and its audit event. */
export interface SimpleDecision {
  record: InboundMessageRecord;
  channel: Channel;
  outcome: 'quarantined' | 'ignored' | 'duplicate';
  reason: string;
  fromAddress?: string | null;
}

/**
 * The simple outcomes for a batch in one transaction (a UIDVALIDITY rescan offers a whole folder of
 * duplicates). Throws AlreadyDecided when another run decided one of them; decide those one at a
 * time (decideSimply).
 */
export async function decideSimplyMany(
  decisions: readonly SimpleDecision[],
  deps: Pick<IntakeDeps, 'store' | 'log' | 'clock'>,
): Promise<IntakeResult[]> {
  const at = deps.clock();
  const results = await deps.store.transaction((repos) => writeSimpleDecisions(repos, decisions, at));
  for (const result of results) logDecided(result, deps);
  return results;
}

export function decideSimply(
  decision: SimpleDecision,
  deps: Pick<IntakeDeps, 'store' | 'log' | 'clock'>,
): Promise<IntakeResult> {
  const at = deps.clock();
  return decideOnce(decision.record, decision.channel, deps, async (repos) => {
    const [result] = await writeSimpleDecisions(repos, [decision], at);
    return result!;
  });
}

async function writeSimpleDecisions(
  repos: Repositories,
  decisions: readonly SimpleDecision[],
  at: Date,
): Promise<IntakeResult[]> {
  const decided = await repos.inbound.decideMany(
    decisions.map((d) => ({
      id: d.record.id,
      status: d.outcome,
      reason: d.reason,
      fromAddress: d.fromAddress ?? null,
    })),
  );
  if (decided.length !== decisions.length) throw new AlreadyDecided();
  await repos.events.appendMany(
    decisions.map((d) => ({
      complaintId: null,
      at,
      actor: 'system',
      type: `message.${d.outcome}`,
      data: { inboundId: d.record.id, reason: d.reason, ...(d.fromAddress ? { from: d.fromAddress } : {}) },
    })),
  );
  return decisions.map((d) => intakeResult(d.record, d.channel, { outcome: d.outcome, reason: d.reason }));
}

export function logDecided(result: IntakeResult, deps: Pick<IntakeDeps, 'log'>): void {
  deps.log.info(
    {
      inboundId: result.inboundId,
      outcome: result.outcome,
      tracking: result.tracking,
      reason: result.reason,
    },
    `message ${result.outcome}`,
  );
}

/** A message decided earlier (a rerun, a source offering it again): what was decided then. */
export async function reportDecided(
  record: InboundMessageRecord,
  channel: Channel,
  deps: Pick<IntakeDeps, 'store'>,
): Promise<IntakeResult> {
  const complaint = record.complaintId
    ? await deps.store.repos.complaints.findById(record.complaintId)
    : null;
  return intakeResult(record, channel, {
    outcome: record.status === 'received' ? 'quarantined' : record.status,
    reason: record.reason,
    tracking: complaint?.trackingNumber ?? null,
    confidential: complaint?.confidential ?? false,
  });
}

export function intakeResult(
  record: InboundMessageRecord,
  channel: Channel,
  fields: Pick<IntakeResult, 'outcome'> & Partial<IntakeResult>,
): IntakeResult {
  // Key order is the order `aduan ingest --json` prints.
  const { outcome, ...rest } = fields;
  return {
    inboundId: record.id,
    messageId: record.messageIdHeader,
    outcome,
    reason: null,
    tracking: null,
    channel,
    identity: null,
    missing: [],
    confidential: false,
    ...rest,
  };
}
