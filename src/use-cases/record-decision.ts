import type { Channel } from '../domain/complaint/complaint.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord, InboundStatus, Repositories } from './ports/store.ts';

/**
 * Deciding a message happens once: every outcome's transaction starts with `claim`, the
 * conditional update `WHERE status = 'received'`. When another run decided first, the transaction
 * rolls back (tracking number included) and that earlier decision is reported instead.
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
    deps.log.info(
      { inboundId: record.id, outcome: result.outcome, tracking: result.tracking, reason: result.reason },
      `message ${result.outcome}`,
    );
    return result;
  } catch (error) {
    if (!(error instanceof AlreadyDecided)) throw error;
    return reportDecided((await deps.store.repos.inbound.findById(record.id)) ?? record, channel, deps);
  }
}

/** The simple outcomes: nothing happens but the decision and its audit event. */
export function decideSimply(
  record: InboundMessageRecord,
  channel: Channel,
  outcome: 'quarantined' | 'ignored' | 'duplicate',
  reason: string,
  deps: Pick<IntakeDeps, 'store' | 'log' | 'clock'>,
  fromAddress: string | null = null,
): Promise<IntakeResult> {
  const at = deps.clock();
  return decideOnce(record, channel, deps, async (repos) => {
    await claim(repos, record, { status: outcome, reason, fromAddress });
    await repos.events.append({
      complaintId: null,
      at,
      actor: 'system',
      type: `message.${outcome}`,
      data: { inboundId: record.id, reason, ...(fromAddress ? { from: fromAddress } : {}) },
    });
    return intakeResult(record, channel, { outcome, reason });
  });
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
