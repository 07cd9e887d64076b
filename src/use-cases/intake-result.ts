import type { Channel, ComplainantIdentity } from '../domain/complaint/complaint.ts';
import type { MissingIdentity } from '../domain/complaint/identity-check.ts';

/** What happened to one incoming message; `aduan ingest --json` prints exactly this. */
export type IntakeOutcome =
  'registered' | 'appended' | 'command' | 'ignored' | 'bounce' | 'duplicate' | 'quarantined';

export interface IntakeResult {
  inboundId: string;
  messageId: string | null;
  outcome: IntakeOutcome;
  reason: string | null;
  /** The complaint it registered, was appended to, or concerns (a command, a bounce of our mail). */
  tracking: string | null;
  channel: Channel;
  identity: ComplainantIdentity | null;
  /** Identity the complaint still needs: name, nik, contact (a phone number or an e-mail address). */
  missing: MissingIdentity[];
  confidential: boolean;
}
