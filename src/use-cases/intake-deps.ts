import type { Channel } from '../domain/complaint/complaint.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import type { SopDefinition } from '../domain/sop/sop-definition.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import type { DocumentSettings, ReportSettings } from './ports/document-renderer.ts';
import type { FaxReader, RecogniseFaxGateway } from './ports/fax-reader.ts';
import type { Logger } from './ports/logger.ts';
import type { RenderMail } from './ports/mail-templates.ts';
import type { Store } from './ports/store.ts';

export interface OfficeSettings {
  name: string;
  timeZone: string;
  language: 'id' | 'en';
  /** The desk's address: acknowledgements come from it and citizens reply to it. */
  address: string;
  trackingPattern: string;
  /** Fax gateway address with {nomor}, to answer a fax by fax. */
  faxReplyAddress: string;
}

export interface IntakeSettings {
  /** Larger parts are kept out of the complaint (the raw message keeps them) and the citizen is told. */
  maxAttachmentBytes: number;
  /** Flood and loop guard: more acknowledgements to one address in an hour are recorded, not sent. */
  acknowledgementsPerSenderPerHour: number;
}

/** Whether a stored message's From is vouched for by its domain (DKIM/DMARC): src/security/sender-check.ts. */
export type VerifySender = (raw: Uint8Array, from: string) => Promise<{ ok: boolean; reason: string }>;

export interface ReplySettings {
  /** Signs the reply tokens of task mails (src/security/reply-token.ts). */
  secret: string;
  /** How long an official may act on a task mail. */
  tokenDays: number;
  /** Answers to one official's replies per hour, beyond which they are recorded, not sent. */
  answersPerOfficialPerHour: number;
  /** Set when the office requires officials' replies to pass DKIM or DMARC for their From domain. */
  verifySender: VerifySender | null;
}

/** Everything the intake use-cases need; main.ts passes the real ones, tests their own. */
export interface IntakeDeps {
  store: Store;
  clock: () => Date;
  sop: SopDefinition;
  calendar: WorkingCalendar;
  office: OfficeSettings;
  intake: IntakeSettings;
  replies: ReplySettings;
  renderMail: RenderMail;
  log: Logger;
  parseMessage: (raw: Uint8Array) => Promise<InboundMessage>;
  /** Which kind of mailbox a configured source is. */
  channelOf: (source: string) => Channel;
  /** Our own addresses (lower case): mail from them is never a complaint, and never answered. */
  ownAddresses: readonly string[];
  faxReader: FaxReader;
  recogniseFaxGateway: RecogniseFaxGateway;
  documents: DocumentSettings;
  reports: ReportSettings;
  sla: {
    remindAtPercent: readonly number[];
    autoCloseAfterWorkingDays: number;
    outOfOffice: 'delegate' | 'supervisor';
  };
}

/** The domain of our outgoing Message-IDs (`<outboxId@domain>`, maildir-transport.ts). */
export function messageIdDomain(office: OfficeSettings): string {
  return office.address.split('@')[1]?.toLowerCase() ?? 'kotak-aduan.local';
}
