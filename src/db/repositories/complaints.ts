import { CHANNELS, COMPLAINT_STATUSES, COMPLAINT_TYPES } from '../../domain/complaint/complaint.ts';
import type { ComplainantIdentity, Complaint } from '../../domain/complaint/complaint.ts';
import type { ComplaintRepository } from '../../use-cases/ports/store.ts';
import type { Complainant, Complaint as ComplaintRow } from '../generated/sqlite/client.ts';
import { oneOf } from '../client.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import type { Dialect } from '../database-url.ts';
import { inStatements, jsonRows, sql, type ColumnType } from '../sql.ts';

const COMPLAINT_COLUMNS: ColumnType[] = [
  ...(['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'] as const),
  ...([
    'boolean',
    'boolean',
    'text',
    'text',
    'timestamp',
    'timestamp',
    'text',
    'text',
    'boolean',
    'text',
  ] as const),
];

/** Complaints, with the complainant's identity in its own table (UU 27/2022 PDP). */
export function complaintRepository(db: Db, dialect: Dialect): ComplaintRepository {
  const repository: ComplaintRepository = {
    async create(input) {
      const [complaint] = await repository.createMany([input]);
      return complaint!;
    },

    async createMany(inputs) {
      const rows = inputs.map((input) => ({ input, id: newId(), complainantId: newId() }));
      for (const piece of inStatements(rows)) {
        await db.$executeRaw(sql`
          INSERT INTO complainants (id, name, email, phone, address, nik, created_at)
          ${jsonRows(
            dialect,
            ['text', 'text', 'text', 'text', 'text', 'text', 'timestamp'],
            piece.map(({ input, complainantId }) => [
              complainantId,
              input.identity.name ?? null,
              input.identity.email ?? null,
              input.identity.phone ?? null,
              input.identity.address ?? null,
              input.identity.nik ?? null,
              input.registeredAt,
            ]),
          )}`);
        await db.$executeRaw(sql`
          INSERT INTO complaints (id, tracking_number, channel, type, category, subject, body, status,
                                  anonymous, confidential, sop_id, current_step_id, received_at,
                                  registered_at, complainant_id, source_message_id, needs_transcription,
                                  agenda_number)
          ${jsonRows(
            dialect,
            COMPLAINT_COLUMNS,
            piece.map(({ input, id, complainantId }) => [
              id,
              input.trackingNumber,
              input.channel,
              input.type,
              input.category,
              input.subject,
              input.body,
              'registered',
              input.anonymous,
              input.confidential,
              input.sopId,
              input.currentStepId,
              input.receivedAt,
              input.registeredAt,
              complainantId,
              input.sourceMessageId,
              input.needsTranscription ?? false,
              input.agendaNumber ?? null,
            ]),
          )}`);
      }
      return rows.map(({ input, id, complainantId }): Complaint => ({
        id,
        trackingNumber: input.trackingNumber,
        channel: input.channel,
        type: input.type,
        category: input.category,
        subject: input.subject,
        body: input.body,
        status: 'registered',
        anonymous: input.anonymous,
        confidential: input.confidential,
        sopId: input.sopId,
        currentStepId: input.currentStepId,
        receivedAt: input.receivedAt,
        registeredAt: input.registeredAt,
        complainantId,
        sourceMessageId: input.sourceMessageId,
        needsTranscription: input.needsTranscription ?? false,
        opdUnitCode: null,
        agendaNumber: input.agendaNumber ?? null,
      }));
    },

    async findByTrackingNumber(trackingNumber) {
      const row = await db.complaint.findUnique({ where: { trackingNumber } });
      return row ? toComplaint(row) : null;
    },

    async findById(id) {
      const row = await db.complaint.findUnique({ where: { id } });
      return row ? toComplaint(row) : null;
    },

    async identityOf(complaintId) {
      const row = await db.complaint.findUnique({
        where: { id: complaintId },
        select: { complainant: true },
      });
      if (!row) throw new Error(`No complaint with id ${complaintId}`);
      return toIdentity(row.complainant);
    },

    async list(filter) {
      const rows = await db.complaint.findMany({
        where: filter.status ? { status: filter.status } : {},
        orderBy: filter.oldestFirst
          ? [{ registeredAt: 'asc' }, { id: 'asc' }]
          : [{ registeredAt: 'desc' }, { id: 'desc' }],
        take: filter.limit,
      });
      return rows.map(toComplaint);
    },

    async completeIdentity(complaintId, fields) {
      const row = await db.complaint.findUnique({
        where: { id: complaintId },
        select: { complainant: true },
      });
      if (!row) throw new Error(`No complaint with id ${complaintId}`);
      const known = toIdentity(row.complainant);
      const added = IDENTITY_FIELDS.filter((field) => !known[field] && fields[field]);
      if (added.length) {
        await db.complainant.update({
          where: { id: row.complainant.id },
          data: Object.fromEntries(added.map((field) => [field, fields[field]])),
        });
      }
      const identity = { ...known };
      for (const field of added) identity[field] = fields[field];
      return { identity, added };
    },

    async updateProgress(id, change) {
      await db.complaint.update({
        where: { id },
        data: {
          ...(change.status !== undefined && { status: change.status }),
          ...(change.currentStepId !== undefined && { currentStepId: change.currentStepId }),
          ...(change.opdUnitCode !== undefined && { opdUnitCode: change.opdUnitCode }),
        },
      });
    },
  };
  return repository;
}

function toComplaint(row: ComplaintRow): Complaint {
  return {
    id: row.id,
    trackingNumber: row.trackingNumber,
    channel: oneOf(CHANNELS, row.channel, 'complaint channel'),
    type: oneOf(COMPLAINT_TYPES, row.type, 'complaint type'),
    category: row.category,
    subject: row.subject,
    body: row.body,
    status: oneOf(COMPLAINT_STATUSES, row.status, 'complaint status'),
    anonymous: row.anonymous,
    confidential: row.confidential,
    sopId: row.sopId,
    currentStepId: row.currentStepId,
    receivedAt: row.receivedAt,
    registeredAt: row.registeredAt,
    complainantId: row.complainantId,
    sourceMessageId: row.sourceMessageId,
    needsTranscription: row.needsTranscription,
    opdUnitCode: row.opdUnitCode,
    agendaNumber: row.agendaNumber,
  };
}

const IDENTITY_FIELDS = ['name', 'nik', 'phone', 'email', 'address'] as const;

function toIdentity(row: Complainant): ComplainantIdentity {
  const identity: ComplainantIdentity = {};
  // Only the fields that are known: callers test presence (missingIdentityFields).
  if (row.name !== null) identity.name = row.name;
  if (row.email !== null) identity.email = row.email;
  if (row.phone !== null) identity.phone = row.phone;
  if (row.address !== null) identity.address = row.address;
  if (row.nik !== null) identity.nik = row.nik;
  return identity;
}
