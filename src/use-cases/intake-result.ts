import type { Channel, ComplainantIdentity } from '../domain/complaint/complaint.ts';
import type { IdentityField } from '../domain/complaint/identity-check.ts';

/** What happened to one incoming message; `aduan ingest --json` prints exactly this. */
export type IntakeOutcome =
  'registered' | 'appended' | 'command' | 'ignored' | 'bounce' | 'duplicate' | 'quarantined';

export interface IntakeResult {
  inboundId: string;
  messageId: string | null;
  outcome: IntakeOutcome;
  reason: string | null;
  tracking: string | null;
  channel: Channel;
  identity: ComplainantIdentity | null;
  missing: IdentityField[];
  confidential: boolean;
}
