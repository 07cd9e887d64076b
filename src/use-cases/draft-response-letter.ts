import { formatTanggal } from '../domain/calendar/format-indonesian.ts';
import { localParts } from '../domain/calendar/zoned-time.ts';
import type { Complaint } from '../domain/complaint/complaint.ts';
import { buildResponseLetter, type ResponseLetterFacts } from '../domain/documents/response-letter.ts';
import {
  issuingUnit,
  kopOf,
  letterWording,
  officialOf,
  storeDocument,
  type DocumentDeps,
} from './document-records.ts';
import type { Repositories, StoredDocument } from './ports/store.ts';

/**
 * The draft surat tanggapan the signer receives with their task (Balangan step 8): the answer the
 * field drafted, in the letter's frame, unnumbered and marked as a draft, for the holder of the
 * signing role in the complaint's OPD. A newer draft supersedes the older one; a signed letter is
 * never touched. Addressed to "Pelapor" when the complaint is confidential or anonymous: the OPD
 * writes it and must not learn the name.
 */
export async function draftResponseLetter(
  repos: Repositories,
  input: { complaint: Complaint; signerRole: string; stepId: string; answer: string; now: Date },
  deps: DocumentDeps,
): Promise<StoredDocument> {
  const { complaint, now } = input;
  const zone = deps.office.timeZone;
  const lang = { lang: deps.office.language };
  const unitCode = await issuingUnit(repos, input.signerRole, complaint, deps);
  const holder = (await repos.directory.holdersOf(input.signerRole, unitCode, now))[0];
  const signer = holder
    ? await officialOf(repos, holder.person.email, input.signerRole, unitCode, now, deps)
    : null;
  const identity = await repos.complaints.identityOf(complaint.id);
  const hidden = complaint.confidential || complaint.anonymous || !identity.name;
  const wording = letterWording(complaint, deps);
  const diskominfo = (await repos.directory.units()).find((unit) => unit.kind === 'diskominfo');
  const facts: ResponseLetterFacts = {
    paper: deps.documents.paper,
    kop: await kopOf(repos, unitCode, deps),
    placeAndDate: `${deps.documents.place}, ${formatTanggal(now, zone, lang)}`,
    number: null,
    sifat: complaint.confidential ? 'Rahasia' : 'Biasa',
    attachments: '-',
    hal: wording.hal,
    addressee: hidden ? 'Pelapor' : `Bapak/Ibu ${identity.name}`,
    answer: input.answer,
    signature: {
      jabatan: signer ? `${signer.acting ? `${signer.acting}. ` : ''}${signer.jabatan}` : '',
      name: signer?.name ?? '',
      pangkat: signer?.pangkat ?? null,
      nip: signer?.nip ?? null,
      signed: null,
    },
    tembusan: diskominfo && diskominfo.code !== unitCode ? [`Kepala ${diskominfo.name}`] : [],
    draft: true,
  };
  const earlier = (await repos.documents.listForComplaint(complaint.id)).filter(
    (d) => d.kind === 'surat_tanggapan',
  );
  for (const draft of earlier.filter((d) => d.status === 'draft')) await repos.documents.supersede(draft.id);
  return storeDocument(
    repos,
    buildResponseLetter(facts, wording),
    {
      complaintId: complaint.id,
      unitCode,
      number: null,
      year: localParts(now, zone).year,
      version: earlier.length + 1,
      status: 'draft',
      stepId: input.stepId,
      facts: { ...facts, kop: { ...facts.kop, logo: null } },
      verificationCode: null,
      signedBy: null,
      signedAt: null,
      createdAt: now,
    },
    deps,
  );
}
