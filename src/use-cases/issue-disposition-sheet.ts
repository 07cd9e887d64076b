import { formatTanggal, formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import type { Complaint, Task } from '../domain/complaint/complaint.ts';
import {
  buildDispositionSheet,
  sifatOf,
  type DispositionFacts,
} from '../domain/documents/disposition-sheet.ts';
import {
  issuingUnit,
  kopOf,
  nextDocumentNumber,
  officialOf,
  storeDocument,
  type DocumentDeps,
} from './document-records.ts';
import type { Repositories, StoredDocument } from './ports/store.ts';

/**
 * The lembar disposisi an official's forwarding command makes (Balangan steps 4, 6 and 10): numbered
 * in the issuing unit's sequence, filled from the complaint and the reply — who it goes to, the
 * instructions ticked by what they wrote, their note, and their electronic paraf with the time.
 * The complainant's identity is left out for a confidential or anonymous complaint: the sheet
 * travels to the OPD.
 */
export async function issueDispositionSheet(
  repos: Repositories,
  input: { complaint: Complaint; task: Task; actor: string; note: string; recipients: string[]; now: Date },
  deps: DocumentDeps,
): Promise<StoredDocument> {
  const { complaint, task, now } = input;
  const zone = deps.office.timeZone;
  const lang = { lang: deps.office.language };
  const unitCode = await issuingUnit(repos, task.role, complaint, deps);
  const { number, year } = await nextDocumentNumber(repos, 'lembar_disposisi', unitCode, now, deps);
  const identity = await repos.complaints.identityOf(complaint.id);
  const official = await officialOf(repos, input.actor, task.role, unitCode, now, deps);
  const wording = deps.documents.renderer.wording.disposition(deps.office.language);
  const channel = complaint.channel === 'fax' ? 'faksimile' : 'e-mail';
  const facts: DispositionFacts = {
    paper: deps.documents.paper,
    kop: await kopOf(repos, unitCode, deps),
    number,
    agendaNumber: complaint.agendaNumber ?? '-',
    receivedOn: formatTanggal(complaint.registeredAt, zone, lang),
    from:
      complaint.confidential || complaint.anonymous || !identity.name
        ? `Pelapor (${complaint.confidential || complaint.anonymous ? 'identitas dirahasiakan' : 'nama belum diketahui'}), melalui ${channel}`
        : `${identity.name}, melalui ${channel}`,
    letterNumber: complaint.trackingNumber,
    letterDate: formatTanggal(complaint.receivedAt, zone, lang),
    subject: complaint.subject,
    sifat: sifatOf(complaint.confidential, input.note),
    recipients: input.recipients,
    note: input.note,
    paraf: `${wording.labels.paraf}: ${official.acting ? `${official.acting}. ` : ''}${official.name} (${official.jabatan}), ${formatTanggalWaktu(now, zone, lang)}`,
  };
  return storeDocument(
    repos,
    buildDispositionSheet(facts, wording),
    {
      complaintId: complaint.id,
      unitCode,
      number,
      year,
      version: 1,
      status: 'issued',
      stepId: task.stepId,
      facts: { ...facts, kop: { ...facts.kop, logo: null } },
      verificationCode: null,
      signedBy: input.actor,
      signedAt: now,
      createdAt: now,
    },
    deps,
  );
}
