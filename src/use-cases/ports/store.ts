import type { ReportComplaint, ReportTrail } from '../../domain/reports/complaint-history.ts';
import type { DocumentKind } from '../../domain/documents/document-model.ts';
import type { Person, RoleHolder, Unit } from '../../domain/directory/directory.ts';
import type {
  AuditEvent,
  Channel,
  ComplainantIdentity,
  Complaint,
  ComplaintType,
  Task,
} from '../../domain/complaint/complaint.ts';

/**
 * What the use-cases need from storage. Implemented in src/db for SQLite and PostgreSQL;
 * every method returns domain types, never Prisma's.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgresql';
  /** Runs fn in one database transaction: all of it commits, or none of it. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Repositories outside a transaction (reads, single writes). */
  readonly repos: Repositories;
  /** Rejects when the database does not answer (what /healthz asks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Repositories {
  inbound: InboundMessageRepository;
  complaints: ComplaintRepository;
  events: EventRepository;
  tasks: TaskRepository;
  sequences: SequenceRepository;
  outbox: OutboxRepository;
  mailboxes: MailboxStateRepository;
  attachments: AttachmentRepository;
  undeliverable: UndeliverableAddressRepository;
  directory: DirectoryRepository;
  replyTokens: ReplyTokenRepository;
  documents: DocumentRepository;
  jobRuns: JobRunRepository;
  leases: LeaseRepository;
  reports: ReportRepository;
  figures: DeskFiguresRepository;
}

export type InboundStatus =
  'received' | 'registered' | 'appended' | 'command' | 'bounce' | 'quarantined' | 'ignored' | 'duplicate';

export interface InboundMessageRecord {
  id: string;
  sha256: string;
  size: number;
  /** Configured mailbox name the message came from, e.g. "pengaduan" or "faks". */
  source: string;
  /** Where it sat in the source (Maildir file name, or "uidvalidity:uid"): used to never take it twice. */
  sourceKey: string;
  messageIdHeader: string | null;
  receivedAt: Date;
  status: InboundStatus;
  reason: string | null;
  complaintId: string | null;
  /** The From address (lower case), recorded with the decision; null before it or when there was none. */
  fromAddress: string | null;
}

export interface InboundMessageRepository {
  /**
   * Stores the raw bytes (content-addressed by SHA-256; the same bytes are kept once) and records the receipt.
   * Returns the existing record when this source/sourceKey was already received.
   */
  receive(input: RawReceipt): Promise<ReceivedMessage>;
  /** `receive` for a batch (an IMAP chunk) in a few statements; results in input order. */
  receiveMany(inputs: readonly RawReceipt[]): Promise<ReceivedMessage[]>;
  findById(id: string): Promise<InboundMessageRecord | null>;
  /** An earlier message (not this one) with the same Message-ID or, failing that, the same bytes. */
  findEarlierCopy(record: InboundMessageRecord): Promise<InboundMessageRecord | null>;
  /** `findEarlierCopy` for a batch, by record id; records without an earlier copy are absent. */
  findEarlierCopies(records: readonly InboundMessageRecord[]): Promise<Map<string, InboundMessageRecord>>;
  /**
   * Records the decision on a message that is still 'received'. Returns false, changing nothing, when
   * another run decided it first: the conditional update is what makes a decision happen once.
   */
  decide(id: string, outcome: InboundDecision): Promise<boolean>;
  /** `decide` for a batch: returns the ids that were still 'received' and are now decided. */
  decideMany(decisions: readonly ({ id: string } & InboundDecision)[]): Promise<string[]>;
  readRaw(sha256: string): Promise<Uint8Array | null>;
  listByStatus(status: InboundStatus, limit: number): Promise<InboundMessageRecord[]>;
}

export interface RawReceipt {
  raw: Uint8Array;
  sha256: string;
  source: string;
  sourceKey: string;
  messageIdHeader: string | null;
  receivedAt: Date;
}

export interface ReceivedMessage {
  record: InboundMessageRecord;
  /** This source/sourceKey was received before: `record` is that earlier receipt. */
  alreadyReceived: boolean;
}

export interface InboundDecision {
  status: Exclude<InboundStatus, 'received'>;
  reason?: string | null;
  complaintId?: string | null;
  fromAddress?: string | null;
}

export interface NewComplaint {
  trackingNumber: string;
  channel: Channel;
  type: ComplaintType;
  category: string | null;
  subject: string;
  body: string;
  anonymous: boolean;
  confidential: boolean;
  sopId: string;
  currentStepId: string | null;
  receivedAt: Date;
  registeredAt: Date;
  identity: ComplainantIdentity;
  sourceMessageId: string;
  /** A fax the OCR could not read: an officer types it in. */
  needsTranscription?: boolean;
  /** Nomor agenda in the incoming register. */
  agendaNumber?: string | null;
}

export interface ComplaintRepository {
  create(input: NewComplaint): Promise<Complaint>;
  /** `create` for a batch, in a few statements; results in input order. */
  createMany(inputs: readonly NewComplaint[]): Promise<Complaint[]>;
  findByTrackingNumber(trackingNumber: string): Promise<Complaint | null>;
  findById(id: string): Promise<Complaint | null>;
  /** Personal data: callers must have a reason to read it (the later issues log who saw it). */
  identityOf(complaintId: string): Promise<ComplainantIdentity>;
  /** Newest registered first, or oldest first (sweeps that must reach the longest waiting). */
  list(filter: { status?: Complaint['status']; limit: number; oldestFirst?: boolean }): Promise<Complaint[]>;
  updateProgress(
    id: string,
    change: { status?: Complaint['status']; currentStepId?: string | null; opdUnitCode?: string | null },
  ): Promise<void>;
  /**
   * Fills the complainant's unknown fields from `fields` (a follow-up with the missing NIK) and
   * never overwrites a known one. Returns the identity afterwards and the fields it added.
   */
  completeIdentity(
    complaintId: string,
    fields: ComplainantIdentity,
  ): Promise<{ identity: ComplainantIdentity; added: (keyof ComplainantIdentity)[] }>;
}

export interface EventRepository {
  /** Append-only: there is no update or delete. */
  append(event: Omit<AuditEvent, 'id'>): Promise<AuditEvent>;
  /** Appends in the given order, in a few statements. */
  appendMany(events: readonly Omit<AuditEvent, 'id'>[]): Promise<void>;
  listForComplaint(complaintId: string): Promise<AuditEvent[]>;
  /** The events of these types of these complaints, in order: a sweep's one read for a batch. */
  listOfTypes(complaintIds: readonly string[], types: readonly string[]): Promise<AuditEvent[]>;
}

export type NewTask = Omit<Task, 'id' | 'status' | 'completedAt' | 'action'>;

export interface TaskRepository {
  create(task: NewTask): Promise<Task>;
  createMany(tasks: readonly NewTask[]): Promise<Task[]>;
  /** Open tasks, soonest due first. */
  listOpen(filter: {
    complaintId?: string;
    dueBefore?: Date;
    stepIds?: readonly string[];
    limit: number;
  }): Promise<Task[]>;
  /** Idempotent: completing a task that is no longer open changes nothing. */
  /**
   * Open tasks, not yet overdue, that a sweep must look at: their next action time has come, or
   * they have none yet (new tasks). Soonest first.
   */
  listNeedingAction(now: Date, limit: number): Promise<(Task & { nextActionAt: Date | null })[]>;
  /**
   * Open tasks past their due time whose next look has come (or was never set), except at the
   * steps given (those move by themselves). Longest overdue first.
   */
  listOverdueNeedingAction(
    now: Date,
    exceptSteps: readonly string[],
    limit: number,
  ): Promise<(Task & { nextActionAt: Date | null })[]>;
  /** When the sweep should look at the task next (the next reminder threshold, or its due time). */
  setNextActionAt(id: string, at: Date): Promise<void>;
  /** Closes an open task; false when it was no longer open (someone else acted first). */
  complete(id: string, at: Date, action?: string): Promise<boolean>;
  findById(id: string): Promise<Task | null>;
  /** Every task of a complaint, open or not, in the order they were opened. */
  listForComplaint(complaintId: string): Promise<Task[]>;
  /** A new due time for an open task (PERPANJANG). */
  extend(id: string, dueAt: Date): Promise<void>;
}

export interface SequenceRepository {
  /**
   * The next value of a named sequence (e.g. "tracking:2026"), starting at 1. Gap-free inside a
   * transaction: a rolled-back transaction gives its number back.
   */
  next(name: string): Promise<number>;
  /** Takes `count` consecutive values at once and returns the first of them. */
  take(name: string, count: number): Promise<number>;
  /** Current value without taking one (0 when never used). */
  peek(name: string): Promise<number>;
}

export interface OutgoingMail {
  /** Unique per logical mail, so a retried use-case never queues the same mail twice. */
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  headers?: Record<string, string>;
  complaintId?: string | null;
  /** Files stored in raw_blobs, attached when the mail is sent (the row holds only their hashes). */
  attachments?: OutboxAttachment[];
}

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  sha256: string;
}

export interface OutboxMail extends OutgoingMail {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  lastError: string | null;
  /** The Message-ID it went out with (set when sent). */
  messageId: string | null;
  /** Set when a delivery report said it could not be delivered. */
  bouncedAt: Date | null;
  bounceReason: string | null;
}

export interface OutboxRepository {
  /** Queues a mail; a second call with the same dedupeKey returns the first row unchanged. */
  enqueue(mail: OutgoingMail, now: Date): Promise<OutboxMail>;
  /** Queues a batch in a few statements; mails whose dedupeKey is queued already are left as they are. */
  enqueueMany(mails: readonly OutgoingMail[], now: Date): Promise<void>;
  /** The mails due at `now`, oldest first, without claiming them (what a status view shows). */
  listDue(now: Date, limit: number): Promise<OutboxMail[]>;
  /**
   * Claims the oldest mail due at `now` for `claimer` (host:pid): it is not due for anyone until
   * `leaseUntil`, so several instances never send the same mail at once. A sender that dies
   * before markSent/markFailed leaves it due again when the claim ends, or at once through
   * releaseClaims (delivery is at least once).
   */
  claimNext(now: Date, leaseUntil: Date, claimer: string): Promise<OutboxMail | null>;
  /** Makes the mails claimed by processes `isGone` knows dead due at `now`; returns how many. */
  releaseClaims(now: Date, isGone: (claimer: string) => boolean): Promise<number>;
  /** Records the delivery and the Message-ID it went out with, which bounces and replies name. */
  markSent(id: string, at: Date, messageId?: string | null): Promise<void>;
  /** Counts the attempt; with retryAt the mail waits until then, with null it is given up (status failed). */
  markFailed(id: string, error: string, retryAt: Date | null): Promise<void>;
  countByStatus(): Promise<Record<OutboxMail['status'], number>>;
  findById(id: string): Promise<OutboxMail | null>;
  /** The mails about one complaint, in the order they were queued. */
  listForComplaint(complaintId: string): Promise<OutboxMail[]>;
  /** The mail we sent with this Message-ID (angle brackets included), if any. */
  findByMessageId(messageId: string): Promise<OutboxMail | null>;
  /** The mails among these ids, and those sent with one of these Message-IDs. */
  findByIdsOrMessageIds(ids: readonly string[], messageIds: readonly string[]): Promise<OutboxMail[]>;
  /** Mails queued to this address (any kind, any status) since `since`: the flood guard counts them. */
  countQueuedTo(address: string, since: Date): Promise<number>;
  /** `countQueuedTo` for several addresses; an address with none is absent. */
  countQueuedToEach(addresses: readonly string[], since: Date): Promise<Map<string, number>>;
  /** Marks a sent mail bounced; the first report wins, a second changes nothing (returns false). */
  markBounced(id: string, bounce: { at: Date; reason: string }): Promise<boolean>;
}

/** What an attachment row is: a part of the mail as sent, or the archive PDF of a fax's pages. */
export type AttachmentKind = 'file' | 'fax_archive';

export interface NewAttachment {
  inboundMessageId: string;
  complaintId: string | null;
  kind: AttachmentKind;
  /** Already made safe (safeFileName). */
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  /** The bytes, stored content-addressed; null when the part is kept out (omittedReason). */
  content: Uint8Array | null;
  omittedReason: string | null;
  ocrText?: string | null;
  ocrConfidence?: number | null;
  createdAt: Date;
}

export interface StoredAttachment extends Omit<NewAttachment, 'content'> {
  id: string;
  /** SHA-256 of the stored bytes; null when kept out. */
  sha256: string | null;
}

export interface AttachmentRepository {
  /** Stores the bytes once per content (raw_blobs) and the attachment row. */
  add(attachment: NewAttachment): Promise<StoredAttachment>;
  listForComplaint(complaintId: string): Promise<StoredAttachment[]>;
  listForMessage(inboundMessageId: string): Promise<StoredAttachment[]>;
  /** The stored bytes; null when the part was kept out. */
  readContent(attachmentId: string): Promise<Uint8Array | null>;
  /** Bytes in raw_blobs by their SHA-256 (an outbox attachment); null when there are none. */
  readBlob(sha256: string): Promise<Uint8Array | null>;
}

/** An address delivery reports called permanently undeliverable. */
export interface UndeliverableAddress {
  address: string;
  reason: string;
  firstBouncedAt: Date;
  lastBouncedAt: Date;
  bounces: number;
  lastOutboxId: string | null;
}

export interface UndeliverableAddressRepository {
  /** Records a permanent failure for the address (lower-cased); repeated reports count up. */
  mark(
    address: string,
    report: { at: Date; reason: string; outboxId: string | null },
  ): Promise<UndeliverableAddress>;
  find(address: string): Promise<UndeliverableAddress | null>;
  /** The undeliverable ones among these addresses, by lower-cased address. */
  findMany(addresses: readonly string[]): Promise<Map<string, UndeliverableAddress>>;
  /** Most recently bounced first. */
  list(limit: number): Promise<UndeliverableAddress[]>;
  /** Forgets the address (the citizen fixed their mailbox); returns what was known, or null. */
  clear(address: string): Promise<UndeliverableAddress | null>;
}

/** Where intake stands in an IMAP folder: survives restarts, and a UIDVALIDITY change is noticed. */
export interface MailboxPosition {
  uidValidity: bigint;
  lastUid: bigint;
}

export interface MailboxStateRepository {
  position(source: string): Promise<MailboxPosition | null>;
  savePosition(source: string, position: MailboxPosition, at: Date): Promise<void>;
}

/** Units, people and the SOP roles they hold (routing). */
export interface DirectoryRepository {
  /** Creates the unit or updates its name and kind; returns whether anything changed. */
  saveUnit(unit: Unit, at: Date): Promise<'created' | 'updated' | 'unchanged'>;
  /** Creates the person (by e-mail, lower case) or updates the other fields. */
  savePerson(person: Person, at: Date): Promise<'created' | 'updated' | 'unchanged'>;
  /** Gives the role in the unit from `validFrom` on, unless the person holds it already. */
  assignRole(assignment: {
    email: string;
    roleKey: string;
    unitCode: string;
    acting: string | null;
    validFrom: Date;
    validUntil: Date | null;
  }): Promise<boolean>;
  /** Ends every role the person holds at `at` (the person and their history stay). Returns how many. */
  endRoles(email: string, at: Date): Promise<number>;
  units(): Promise<Unit[]>;
  findUnit(code: string): Promise<Unit | null>;
  findPerson(email: string): Promise<Person | null>;
  /** Who holds the role in the unit at `at`: holders first, then acting officials (Plt/Plh). */
  holdersOf(roleKey: string, unitCode: string, at: Date): Promise<RoleHolder[]>;
  /** Every role valid at `at`, by unit and role. */
  roles(at: Date): Promise<RoleHolder[]>;
}

/** A task mail's reply token as issued (the token itself is its id plus a MAC, never stored). */
export interface IssuedToken {
  id: string;
  taskId: string;
  recipient: string;
  outboxId: string | null;
  issuedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedByInboundId: string | null;
}

export interface ReplyTokenRepository {
  issueMany(tokens: readonly Omit<IssuedToken, 'usedAt' | 'usedByInboundId'>[]): Promise<void>;
  find(id: string): Promise<IssuedToken | null>;
  /** Records the token's one use; false when it was used before (a replay). */
  use(id: string, at: Date, inboundId: string): Promise<boolean>;
  /** The ids of open tasks whose task mail went to this address. */
  openTasksMailedTo(recipient: string): Promise<string[]>;
}

export type DocumentStatus = 'draft' | 'issued' | 'signed' | 'superseded';

export interface NewDocument {
  complaintId: string;
  kind: DocumentKind;
  unitCode: string;
  number: string | null;
  year: number;
  version: number;
  status: Exclude<DocumentStatus, 'superseded'>;
  stepId: string;
  /** What it was rendered from (JSON-serialisable). */
  facts: unknown;
  verificationCode: string | null;
  signedBy: string | null;
  signedAt: Date | null;
  createdAt: Date;
  pdf: Uint8Array;
  docx: Uint8Array;
}

export interface StoredDocument extends Omit<NewDocument, 'pdf' | 'docx' | 'status'> {
  id: string;
  status: DocumentStatus;
  pdfSha256: string;
  docxSha256: string;
}

export interface DocumentRepository {
  /** Stores both files in raw_blobs and the row, in the caller's transaction. */
  create(document: NewDocument): Promise<StoredDocument>;
  /** Oldest first. */
  listForComplaint(complaintId: string): Promise<StoredDocument[]>;
  findByPdfHash(sha256: string): Promise<StoredDocument | null>;
  findByVerificationCode(code: string): Promise<StoredDocument | null>;
  /** A draft replaced by a newer version; false when it was not a draft (never rewrite a signed one). */
  supersede(id: string): Promise<boolean>;
}

export interface JobRun {
  id: string;
  job: string;
  slot: Date;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: 'running' | 'done' | 'failed';
  detail: Record<string, unknown> | null;
  instance: string;
}

export interface JobRunRepository {
  /**
   * Claims the job's run for a slot: its id when this caller runs it, null when another did or is
   * doing it. A run still "running" `leaseMs` after it started, or whose instance `isGone` knows
   * dead, belonged to an instance that died: the claim takes it over.
   */
  claim(
    job: string,
    slot: Date,
    at: Date,
    instance: string,
    leaseMs: number,
    isGone?: (instance: string) => boolean,
  ): Promise<string | null>;
  finish(id: string, at: Date, outcome: 'done' | 'failed', detail: Record<string, unknown>): Promise<void>;
  /** The run of the newest slot. */
  latest(job: string): Promise<JobRun | null>;
  /** Forgets the job's finished runs of slots before `before`; returns how many. */
  prune(job: string, before: Date): Promise<number>;
}

export interface Lease {
  name: string;
  /** host:pid of the holding process. */
  holder: string;
  until: Date;
  /** When the holder took it. */
  since: Date;
}

export interface LeaseRepository {
  /**
   * Takes or renews the lease `name` for `holder` until `until`: when it is free, lapsed at `now`,
   * already the holder's, or held by a process `isGone` knows to be dead. True when the holder
   * has it now.
   */
  acquire(
    name: string,
    holder: string,
    now: Date,
    until: Date,
    isGone: (holder: string) => boolean,
  ): Promise<boolean>;
  /** Gives the lease up, if `holder` has it, so another instance takes it without waiting. */
  release(name: string, holder: string): Promise<void>;
  list(): Promise<Lease[]>;
}

export type ReportKind = 'harian' | 'bulanan';

export interface StoredReport {
  id: string;
  kind: ReportKind;
  period: string;
  createdAt: Date;
  pdfSha256: string;
  xlsxSha256: string | null;
  summary: Record<string, unknown>;
  disposition: { inboundId: string; by: string; at: Date; text: string } | null;
}

export interface ReportBatch {
  last: string | null;
  /**
   * Made as they are iterated, once: a month's recap works through 100,000 of these, and parsing a
   * whole batch's trails at once would keep them all alive past the garbage collector's young
   * generation.
   */
  trails: Iterable<{ complaint: ReportComplaint; trail: ReportTrail }>;
}

export interface ReportRepository {
  /**
   * What a report over [from, to) replays, a batch at a time: the complaints registered before
   * `to` and not finished before `from` (identity only where the complaint is neither rahasia nor
   * anonim), each with its trail's reported lines up to `to` in insertion order. The next batch
   * follows this one's `last` complaint id; an empty batch (`last` null) is the end.
   */
  historiesBetween(from: Date, to: Date, page: { after: string | null; limit: number }): Promise<ReportBatch>;
  /**
   * Records a made report, its files stored in raw_blobs; a second one for the same kind and period
   * replaces the files and figures (its disposition stays).
   */
  save(report: {
    kind: ReportKind;
    period: string;
    createdAt: Date;
    pdf: Uint8Array;
    xlsx: Uint8Array | null;
    summary: Record<string, unknown>;
  }): Promise<StoredReport>;
  find(kind: ReportKind, period: string): Promise<StoredReport | null>;
  /** Archives the leadership's disposition with the report (the latest; the trail keeps each one). */
  archiveDisposition(id: string, disposition: NonNullable<StoredReport['disposition']>): Promise<void>;
}

/**
 * Counts across the whole desk, for `aduan status` and /metrics: each an aggregate over an index,
 * so a scrape every few seconds costs milliseconds at 100,000 complaints.
 */
export interface DeskFiguresRepository {
  inboundByStatus(): Promise<Record<InboundStatus, number>>;
  /** How many audit events of each type (e.g. command.accepted, security.command_refused). */
  eventCounts(types: readonly string[]): Promise<Record<string, number>>;
  outbox(): Promise<{ pending: number; failed: number; oldestPendingAt: Date | null }>;
  /** Open tasks, and those of them past their due time at `now`. */
  tasks(now: Date): Promise<{ open: number; overdue: number }>;
  /** Complaints not yet closed, answered or rejected, by the SOP step they wait at. */
  openComplaintsByStep(): Promise<{ stepId: string | null; status: Complaint['status']; count: number }[]>;
}
