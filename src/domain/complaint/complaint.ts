/** The complaint as the rest of the service sees it: no storage or mail types here. */

export const CHANNELS = ['email', 'fax'] as const;
export type Channel = (typeof CHANNELS)[number];

/** SP4N-LAPOR! report types. */
export const COMPLAINT_TYPES = ['pengaduan', 'aspirasi', 'permintaan_informasi'] as const;
export type ComplaintType = (typeof COMPLAINT_TYPES)[number];

export const COMPLAINT_STATUSES = ['registered', 'in_progress', 'answered', 'closed', 'rejected'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Personal data (UU 27/2022 PDP): stored apart from the complaint text, shown only where allowed. */
export interface ComplainantIdentity {
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  address?: string | undefined;
  nik?: string | undefined;
}

export interface Complaint {
  id: string;
  trackingNumber: string;
  channel: Channel;
  type: ComplaintType;
  category: string | null;
  subject: string;
  body: string;
  status: ComplaintStatus;
  /** Anonim: the report may be public, the reporter's identity is hidden. */
  anonymous: boolean;
  /** Rahasia: the report itself is not public; identity never reaches an OPD. */
  confidential: boolean;
  sopId: string;
  currentStepId: string | null;
  receivedAt: Date;
  registeredAt: Date;
  complainantId: string;
  /** The received message it was registered from (inbound_messages). */
  sourceMessageId: string;
  /** A fax the OCR could not read well enough: an officer must type it in. */
  needsTranscription: boolean;
  /** The OPD it was disposed to (a unit code), once a command named one. */
  opdUnitCode: string | null;
  /** Nomor agenda in the incoming register (documents.numbering.agenda); null before documents existed. */
  agendaNumber: string | null;
}

export interface Task {
  id: string;
  complaintId: string;
  stepId: string;
  role: string;
  status: 'open' | 'done' | 'cancelled';
  createdAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  /** The action that completed it (teruskan, tolak, …), or 'overdue'. */
  action: string | null;
}

/** One line of the append-only audit trail. */
export interface AuditEvent {
  id: string;
  complaintId: string | null;
  at: Date;
  /** 'system', 'citizen', or the official's e-mail address. */
  actor: string;
  type: string;
  data: Record<string, unknown>;
}
