import { formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import type { Channel, ComplainantIdentity, ComplaintType, Task } from '../domain/complaint/complaint.ts';
import type { MissingIdentity } from '../domain/complaint/identity-check.ts';
import { SOP_ACTIONS, type SopActionName } from '../domain/sop/action-vocabulary.ts';
import { redactIdentity } from '../domain/complaint/redact-identity.ts';
import { actionNamesOf, CITIZEN_ROLE, findStep, roleTitle } from '../domain/sop/sop-definition.ts';
import { issueReplyToken, plusAddress } from '../security/reply-token.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { RoleHolder } from '../domain/directory/directory.ts';
import type { OutboxAttachment, OutgoingMail, Repositories, StoredAttachment } from './ports/store.ts';
import type { NewEvent } from './queue-automatic-mail.ts';

/** What a task mail tells about its complaint. */
export interface TaskMailComplaint {
  id: string;
  trackingNumber: string;
  subject: string;
  body: string;
  type: ComplaintType;
  category: string | null;
  suggestedUnit: string | null;
  receivedAt: Date;
  channel: Channel;
  anonymous: boolean;
  confidential: boolean;
  identity: ComplainantIdentity;
  missing: MissingIdentity[];
  /** The OPD the complaint was sent to; null until a disposition names one. */
  opdUnitCode: string | null;
  /** What the citizen sent with it (and the fax archive), as stored. */
  attachments: readonly Pick<StoredAttachment, 'filename' | 'contentType' | 'size' | 'sha256'>[];
  /** The official documents so far (disposition sheets, the letter), always attached. */
  documents: readonly OutboxAttachment[];
}

export type TaskMailDeps = Pick<IntakeDeps, 'sop' | 'office' | 'renderMail' | 'replies'>;

/** The complaint text in a task mail is cut here; the whole of it is in the system. */
const MAX_BODY_CHARACTERS = 6000;
/** Attachments ride along up to this total (most receiving servers take 25 MB after base64). */
const MAX_ATTACHED_BYTES = 15 * 1024 * 1024;

/**
 * Mails each opened task to whoever holds its role (the OPD roles in the complaint's OPD), inside
 * the caller's transaction: what the complaint is, what this step asks, the due time in the office's
 * zone, and the reply commands valid at this step. Each mail's Reply-To carries a reply token bound
 * to the task and the recipient (src/security/reply-token.ts), recorded here so it can act once.
 * Personal data stays in Diskominfo: an OPD official never sees the identity of a confidential or
 * anonymous complainant. A task nobody holds is recorded (`task.unassigned`) for the admin.
 * Returns the audit events for the caller to append in its order.
 */
export async function queueTaskMails(
  repos: Repositories,
  opened: readonly {
    task: Task;
    complaint: TaskMailComplaint;
    note?: string;
    /** Instead of the role's holders (DELEGASI: the acting official the holder named). */
    holders?: RoleHolder[];
    /** Set when the task was mailed to these holders before: what asked for it again. */
    resentFor?: string;
  }[],
  now: Date,
  deps: TaskMailDeps,
): Promise<NewEvent[]> {
  const events: NewEvent[] = [];
  const mails: OutgoingMail[] = [];
  const tokens: Parameters<Repositories['replyTokens']['issueMany']>[0][number][] = [];
  const diskominfo = (await repos.directory.units()).find((unit) => unit.kind === 'diskominfo') ?? null;

  for (const { task, complaint, note, holders: named, resentFor } of opened) {
    const event = (type: string, data: Record<string, unknown>) =>
      events.push({ complaintId: complaint.id, at: now, actor: 'system', type, data });
    if (task.role === CITIZEN_ROLE) continue;
    const role = deps.sop.roles.find((r) => r.key === task.role);
    const step = findStep(deps.sop, task.stepId);
    if (!role || !step)
      throw new Error(
        `task ${task.id}: the SOP ${deps.sop.id} has no role ${task.role} or step ${task.stepId}`,
      );
    const unitCode = role.unit === 'diskominfo' ? (diskominfo?.code ?? null) : complaint.opdUnitCode;
    const holders = named ?? (unitCode ? await repos.directory.holdersOf(task.role, unitCode, now) : []);
    if (!holders.length) {
      event('task.unassigned', {
        taskId: task.id,
        role: task.role,
        unit: unitCode,
        reason: unitCode
          ? `nobody holds ${task.role} in ${unitCode} (aduan people import)`
          : role.unit === 'opd'
            ? 'no OPD chosen for the complaint yet'
            : 'no Diskominfo unit in the directory (aduan people import)',
      });
      continue;
    }
    const showIdentity = role.unit === 'diskominfo' || !(complaint.confidential || complaint.anonymous);
    // The citizen's own words carry their identity too ("Nama: …", a signature).
    const body = showIdentity ? complaint.body : redactIdentity(complaint.body, complaint.identity);
    // A scanned KTP or a signed letter names the complainant: withheld with the identity.
    const files = showIdentity ? attachable(complaint.attachments) : { listed: [], attached: [] };
    for (const holder of holders) {
      const issued = issueReplyToken(
        {
          taskId: task.id,
          recipient: holder.person.email,
          expiresAt: new Date(now.getTime() + deps.replies.tokenDays * 86_400_000),
        },
        deps.replies.secret,
      );
      const when = (at: Date) => formatTanggalWaktu(at, deps.office.timeZone, { lang: deps.office.language });
      const actions = actionNamesOf(step);
      const rendered = deps.renderMail('tugas', deps.office.language, {
        trackingNumber: complaint.trackingNumber,
        officialName: holder.person.name,
        roleTitle: roleTitle(deps.sop, task.role),
        acting: holder.acting,
        stepNo: step.no,
        stepName: step.name,
        uraian: step.uraian,
        due: when(task.dueAt),
        subject: complaint.subject,
        type: complaint.type,
        category: complaint.category,
        suggestedUnit: complaint.suggestedUnit,
        receivedAt: when(complaint.receivedAt),
        channel: complaint.channel,
        showIdentity,
        anonymous: complaint.anonymous,
        confidential: complaint.confidential,
        complainant: complaint.anonymous && role.unit !== 'diskominfo' ? {} : complaint.identity,
        missing: complaint.missing,
        note: note ?? null,
        body:
          body.length > MAX_BODY_CHARACTERS
            ? `${body.slice(0, MAX_BODY_CHARACTERS)}\n[… dipotong; isi lengkap tersimpan di sistem]`
            : body,
        commands: actions.map((name) => describeCommand(name, step.actions[name]?.label)),
        example: exampleReply(actions, step.actions),
        documents: complaint.documents.map((d) => d.filename),
        attachments: files.listed,
        attachmentsWithheld: showIdentity ? 0 : complaint.attachments.filter((a) => a.sha256).length,
        recipient: holder.person.email,
        expires: when(issued.expiresAt),
        officeName: deps.office.name,
      });
      mails.push({
        dedupeKey: `task:${task.id}:${holder.person.email}${resentFor ? `:again:${resentFor}` : ''}`,
        to: holder.person.email,
        subject: rendered.subject,
        text: rendered.text,
        headers: {
          'Reply-To': plusAddress(deps.office.address, issued.token),
          'Auto-Submitted': 'auto-generated',
          'X-Aduan-Kind': 'task',
          'X-Aduan-Task': task.id,
          'X-Aduan-Tracking': complaint.trackingNumber,
        },
        complaintId: complaint.id,
        attachments: [...complaint.documents, ...files.attached],
      });
      tokens.push({
        id: issued.id,
        taskId: task.id,
        recipient: issued.recipient,
        outboxId: null,
        issuedAt: now,
        expiresAt: issued.expiresAt,
      });
      event('task.mailed', {
        taskId: task.id,
        stepId: task.stepId,
        to: holder.person.email,
        acting: holder.acting,
        tokenId: issued.id,
        identityShown: showIdentity,
      });
    }
  }
  if (tokens.length) await repos.replyTokens.issueMany(tokens);
  if (mails.length) await repos.outbox.enqueueMany(mails, now);
  return events;
}

/** The stored attachments in order, attached while they fit; the rest only listed. */
function attachable(attachments: TaskMailComplaint['attachments']): {
  listed: { filename: string; size: number; attached: boolean }[];
  attached: OutboxAttachment[];
} {
  const listed: { filename: string; size: number; attached: boolean }[] = [];
  const attached: OutboxAttachment[] = [];
  let total = 0;
  for (const file of attachments) {
    if (!file.sha256) continue; // kept out at intake: the citizen was told
    const fits = total + file.size <= MAX_ATTACHED_BYTES;
    if (fits) {
      total += file.size;
      attached.push({ filename: file.filename, contentType: file.contentType, sha256: file.sha256 });
    }
    listed.push({ filename: file.filename, size: file.size, attached: fits });
  }
  return { listed, attached };
}

const ARGUMENTS: Partial<Record<SopActionName, { id: string; en: string }>> = {
  teruskan: { id: '[arahan pada baris berikutnya]', en: '[instructions on the next lines]' },
  jalur_cepat: { id: '[arahan pada baris berikutnya]', en: '[instructions on the next lines]' },
  kembalikan: { id: '<alasan>', en: '<reason>' },
  tolak: { id: '<alasan>', en: '<reason>' },
  jawab: { id: '(teks jawaban pada baris berikutnya)', en: '(the answer on the next lines)' },
  informasi: { id: '(teks jawaban pada baris berikutnya)', en: '(the answer on the next lines)' },
  perpanjang: { id: '<n> HARI <alasan>', en: '<n> DAYS <reason>' },
};

/** A command as the task mail lists it: what it does at this step, in the SOP's own words. */
function describeCommand(name: SopActionName, label: string | undefined) {
  const action = SOP_ACTIONS[name];
  return {
    command: action.command,
    alias: action.alias,
    meaning: label ?? action.meaning,
    argument: ARGUMENTS[name]?.id ?? null,
    argumentEn: ARGUMENTS[name]?.en ?? null,
  };
}

/** A reply for the step's usual action, as an official would type it. */
function exampleReply(
  actions: SopActionName[],
  defined: Partial<Record<SopActionName, { main: boolean }>>,
): string {
  const main = actions.find((name) => defined[name]?.main) ?? actions[0];
  switch (main) {
    case undefined:
      return 'STATUS';
    case 'teruskan':
    case 'jalur_cepat':
      return `${SOP_ACTIONS[main].command}\nMohon segera ditindaklanjuti dan dilaporkan hasilnya.`;
    case 'jawab':
    case 'informasi':
      return `${SOP_ACTIONS[main].command}\nYth. Bapak/Ibu, terima kasih atas pengaduan Anda. …`;
    case 'tolak':
    case 'kembalikan':
      return `${SOP_ACTIONS[main].command} bukan kewenangan unit kami`;
    case 'perpanjang':
      return 'PERPANJANG 14 HARI perlu tinjauan lapangan';
    default:
      return SOP_ACTIONS[main].command;
  }
}
