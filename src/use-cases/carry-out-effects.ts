import { formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import type { Complaint, Task } from '../domain/complaint/complaint.ts';
import { missingIdentityFields } from '../domain/complaint/identity-check.ts';
import { findStep, roleTitle } from '../domain/sop/sop-definition.ts';
import type { SopEffect } from '../domain/sop/transition.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { Repositories, StoredDocument } from './ports/store.ts';
import { documentsToAttach } from './document-records.ts';
import { draftResponseLetter } from './draft-response-letter.ts';
import { issueDispositionSheet } from './issue-disposition-sheet.ts';
import { signResponseLetter } from './sign-response-letter.ts';
import { queueAutomaticMail } from './queue-automatic-mail.ts';
import { queueTaskMails, type TaskMailComplaint } from './queue-task-mails.ts';

/** Thrown inside a transaction when the task was closed by someone else first. */
export class TaskAlreadyDone extends Error {
  constructor(taskId: string) {
    super(`task ${taskId} is no longer open`);
  }
}

/**
 * Carries out the SOP engine's effects inside the caller's transaction: closes and opens tasks (and
 * mails the new ones to their holders), extends due times, writes to the citizen, closes the
 * complaint. Returns what happened, in words for the official who caused it.
 */
export async function carryOutEffects(
  repos: Repositories,
  effects: SopEffect[],
  context: {
    /** The latest answer draft, shown to whoever is asked to approve or send it. */
    draft: string | undefined;
    complaint: Complaint;
    task: Task;
    action: string;
    /** Who caused it: the official's address, or "system" (a deadline). */
    actor: string;
    /** A PDF the signer sent back, signed by hand: it becomes the signed letter. */
    signedScan?: Uint8Array | undefined;
    opdUnitCode: string | null;
    now: Date;
    event: (type: string, data: Record<string, unknown>) => void;
    deps: IntakeDeps;
  },
): Promise<string[]> {
  const { complaint, task, now, event, deps } = context;
  const when = (at: Date) => formatTanggalWaktu(at, deps.office.timeZone, { lang: deps.office.language });
  const outcomes: string[] = [];
  const opened: { task: Task; note?: string }[] = [];
  const wants = (document: string) =>
    effects.some((effect) => effect.kind === 'render-document' && effect.document === document);
  // A letter is signed before anything that may send it on (a later notify in the same move).
  if (wants('surat_tanggapan')) {
    const signed = await signResponseLetter(
      repos,
      {
        complaint,
        signer: context.actor,
        role: task.role,
        stepId: task.stepId,
        now,
        ...(context.signedScan ? { scan: context.signedScan } : {}),
      },
      deps,
    );
    if (signed) {
      event('document.signed', { ...documentEvent(signed), scanned: Boolean(context.signedScan) });
      outcomes.push(
        context.signedScan
          ? `Surat tanggapan nomor ${signed.number}: PDF bertanda tangan yang Anda lampirkan disimpan sebagai surat yang sah (kode verifikasi ${signed.verificationCode})`
          : `Surat tanggapan nomor ${signed.number} ditandatangani secara elektronik (kode verifikasi ${signed.verificationCode})`,
      );
    }
  }
  for (const effect of effects) {
    switch (effect.kind) {
      case 'close-task':
        // Conditional, inside the transaction: of two officials (or an official and the deadline
        // sweep) acting on one task at once, the second rolls back.
        if (!(await repos.tasks.complete(task.id, now, context.action))) throw new TaskAlreadyDone(task.id);
        event('task.completed', { taskId: task.id, stepId: task.stepId, action: context.action });
        break;
      case 'open-task': {
        const [created] = await repos.tasks.createMany([
          {
            complaintId: complaint.id,
            stepId: effect.stepId,
            role: effect.role,
            createdAt: now,
            dueAt: effect.dueAt,
          },
        ]);
        event('task.opened', {
          taskId: created!.id,
          stepId: effect.stepId,
          role: effect.role,
          dueAt: effect.dueAt.toISOString(),
        });
        // The instructions given with this command, and the answer drafted so far (which a JAWAB
        // at this step has just written: then it is the draft, not an instruction).
        const drafting = context.action === 'jawab' || context.action === 'informasi';
        const parts = [
          drafting ? undefined : effect.note,
          context.draft ? `Konsep jawaban:\n${context.draft}` : undefined,
        ].filter(Boolean);
        const note = parts.length ? parts.join('\n\n') : undefined;
        opened.push({ task: created!, ...(note ? { note } : {}) });
        const step = findStep(deps.sop, effect.stepId);
        outcomes.push(
          `Diteruskan ke ${roleTitle(deps.sop, effect.role)}: ${step?.no}. ${step?.name}, batas ${when(effect.dueAt)}`,
        );
        break;
      }
      case 'extend-task':
        await repos.tasks.extend(task.id, effect.dueAt);
        event('task.extended', { taskId: task.id, dueAt: effect.dueAt.toISOString() });
        outcomes.push(`Batas waktu diperpanjang sampai ${when(effect.dueAt)}`);
        break;
      case 'render-document':
        break; // the letter before this loop, the disposition sheet once its recipients are known

      case 'notify-citizen':
        if (effect.template === 'acknowledgement') break;
        outcomes.push(
          await writeToCitizen(repos, complaint, effect.template, effect.note ?? '', now, event, deps),
        );
        break;
      case 'close-complaint': {
        const status =
          effect.outcome === 'ditolak' ? 'rejected' : effect.outcome === 'dijawab' ? 'answered' : 'closed';
        await repos.complaints.updateProgress(complaint.id, { status, currentStepId: null });
        event('complaint.closed', { outcome: effect.outcome });
        outcomes.push(`Pengaduan ditutup (${effect.outcome})`);
        break;
      }
    }
  }
  const progressed = { ...complaint, opdUnitCode: context.opdUnitCode };
  if (wants('lembar_disposisi')) {
    const units = await repos.directory.units();
    const opd = units.find((unit) => unit.code === context.opdUnitCode);
    const sheet = await issueDispositionSheet(
      repos,
      {
        complaint: progressed,
        task,
        actor: context.actor,
        note: effects.find((e) => e.kind === 'open-task')?.note ?? '',
        recipients: opened.map(({ task: next }) => {
          const role = deps.sop.roles.find((r) => r.key === next.role);
          return `${roleTitle(deps.sop, next.role)}${role?.unit === 'opd' && opd ? ` ${opd.name}` : ''}`;
        }),
        now,
      },
      deps,
    );
    event('document.issued', documentEvent(sheet));
    outcomes.push(`Lembar disposisi nomor ${sheet.number} dibuat dan dilampirkan`);
  }
  // The signer's task carries the draft letter (Balangan step 8), made from the answer drafted.
  for (const { task: next } of opened) {
    const step = findStep(deps.sop, next.stepId);
    const signs =
      step && Object.values(step.actions).some((action) => action?.produces === 'surat_tanggapan');
    if (!signs || !context.draft) continue;
    const draft = await draftResponseLetter(
      repos,
      { complaint: progressed, signerRole: next.role, stepId: next.stepId, answer: context.draft, now },
      deps,
    );
    event('document.drafted', documentEvent(draft));
    outcomes.push('Konsep surat tanggapan dibuat untuk ditandatangani');
  }
  if (opened.length) {
    const facts = await taskMailFacts(repos, complaint, context.opdUnitCode);
    const taskEvents = await queueTaskMails(
      repos,
      opened.map(({ task: next, note }) => ({ task: next, complaint: facts, ...(note ? { note } : {}) })),
      now,
      deps,
    );
    for (const e of taskEvents) event(e.type, e.data);
  }
  return outcomes;
}

/** What a task mail says about the complaint. */
export async function taskMailFacts(
  repos: Repositories,
  complaint: Complaint,
  opdUnitCode: string | null,
): Promise<TaskMailComplaint> {
  const identity = await repos.complaints.identityOf(complaint.id);
  return {
    id: complaint.id,
    trackingNumber: complaint.trackingNumber,
    subject: complaint.subject,
    body: complaint.body,
    type: complaint.type,
    category: complaint.category,
    suggestedUnit: null,
    receivedAt: complaint.receivedAt,
    channel: complaint.channel,
    anonymous: complaint.anonymous,
    confidential: complaint.confidential,
    identity,
    missing: missingIdentityFields(identity),
    opdUnitCode,
    attachments: await repos.attachments.listForComplaint(complaint.id),
    documents: await documentsToAttach(repos, complaint),
  };
}

/** A document on the complaint's trail: enough to find it and check it. */
function documentEvent(document: StoredDocument): Record<string, unknown> {
  return {
    documentId: document.id,
    kind: document.kind,
    number: document.number,
    version: document.version,
    unit: document.unitCode,
    pdfSha256: document.pdfSha256,
    verificationCode: document.verificationCode,
  };
}

/** The answer or the rejection, to the citizen on the channel they used. */
async function writeToCitizen(
  repos: Repositories,
  complaint: Complaint,
  template: 'answer' | 'rejection',
  text: string,
  now: Date,
  event: (type: string, data: Record<string, unknown>) => void,
  deps: IntakeDeps,
): Promise<string> {
  const identity = await repos.complaints.identityOf(complaint.id);
  const source = await repos.inbound.findById(complaint.sourceMessageId);
  const address =
    complaint.channel === 'email'
      ? (identity.email ?? source?.fromAddress ?? null)
      : identity.email
        ? identity.email
        : identity.phone
          ? deps.office.faxReplyAddress.replace('{nomor}', identity.phone.replace(/^\+62/, '0'))
          : null;
  const rendered = deps.renderMail(template === 'answer' ? 'jawaban' : 'penolakan', deps.office.language, {
    trackingNumber: complaint.trackingNumber,
    name: complaint.anonymous ? null : (identity.name ?? null),
    subject: complaint.subject,
    receivedAt: formatTanggalWaktu(complaint.receivedAt, deps.office.timeZone, {
      lang: deps.office.language,
    }),
    answer: text,
    reason: text,
    officeName: deps.office.name,
  });
  if (!address) {
    event(`citizen_${template}.pending`, {
      reason: 'no address to answer on',
      subject: rendered.subject,
      text: rendered.text,
    });
    return 'Pelapor tidak dapat dihubungi lewat e-mail/faks: admin menyampaikan jawaban secara langsung';
  }
  const status = await queueAutomaticMail(
    repos,
    {
      kind: 'notice',
      complaintId: complaint.id,
      mail: {
        dedupeKey: `${template}:${complaint.id}`,
        to: address,
        subject: rendered.subject,
        text: rendered.text,
        headers: {
          'Auto-Submitted': 'auto-generated',
          'X-Aduan-Tracking': complaint.trackingNumber,
          'X-Aduan-Kind': template,
        },
        complaintId: complaint.id,
        // The signed answer letter, when the SOP had one signed (Balangan step 8).
        attachments:
          template === 'answer' ? await documentsToAttach(repos, complaint, { signedLetterOnly: true }) : [],
      },
    },
    now,
    deps,
  );
  return status === 'queued'
    ? `${template === 'answer' ? 'Jawaban' : 'Penolakan'} dikirim kepada pelapor (${complaint.channel === 'fax' && !identity.email ? 'faks' : 'e-mail'})`
    : `${template === 'answer' ? 'Jawaban' : 'Penolakan'} TIDAK terkirim (${status}); admin menyampaikannya secara langsung`;
}
