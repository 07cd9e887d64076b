import { formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import type { Channel, Complaint, Task } from '../domain/complaint/complaint.ts';
import type { Person, RoleHolder } from '../domain/directory/directory.ts';
import { parseReplyCommand, type ReplyCommand } from '../domain/commands/reply-command.ts';
import { SOP_ACTIONS } from '../domain/sop/action-vocabulary.ts';
import { actionNamesOf, findStep, roleTitle } from '../domain/sop/sop-definition.ts';
import { transition } from '../domain/sop/transition.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import { stripQuotedReply } from '../mail/parse/strip-quoted-reply.ts';
import { checkReplyToken, readReplyToken, tokenInAddress } from '../security/reply-token.ts';
import type { IntakeDeps } from './intake-deps.ts';
import { threadedUnder } from './reply-threading.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord, IssuedToken, OutboxMail, OutgoingMail } from './ports/store.ts';
import { queueAnswerToOfficial, type NewEvent } from './queue-automatic-mail.ts';
import { queueTaskMails } from './queue-task-mails.ts';
import { carryOutEffects, TaskAlreadyDone, taskMailFacts } from './carry-out-effects.ts';
import { claim, decideOnce, intakeResult } from './record-decision.ts';

/**
 * An official's reply to a task mail: authenticated, read, and carried out through the SOP engine.
 *
 * Accepted only when the reply goes to our address with the task mail's token (the Reply-To), the
 * token is ours (its MAC binds task, recipient and expiry), unexpired and unused, and the From
 * address is the one the task mail went to — Reply-To is never trusted over From. A reply failing
 * those checks changes nothing: the message is quarantined, a `security.command_refused` event is
 * written, and the official the token was issued to is warned. A reply that passes but is not a
 * valid command at this step also changes nothing and gets an answer saying what was read and what
 * is valid now; its token stays usable. A valid command completes the task, opens the next ones
 * (mailed to their holders), writes to the citizen when the step says so, and is confirmed to the
 * official — all in one transaction that also spends the token, so a replay acts at most once.
 */
export async function actOnReply(
  received: { record: InboundMessageRecord; channel: Channel; message: InboundMessage; raw: Uint8Array },
  /** The task mail it says it replies to (In-Reply-To/References), if any. */
  repliedMail: OutboxMail | null,
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const { record, channel, message } = received;
  const now = deps.clock();
  const from = message.from?.address?.toLowerCase() ?? null;
  const token =
    message.to.map((to) => tokenInAddress(to.address, deps.office.address)).find((t) => t !== null) ?? null;
  const issued = token ? await tokenRow(token, deps) : null;

  const repliedTask = repliedMail?.headers?.['X-Aduan-Task'];
  if (!token || !issued) {
    return refuse(record, channel, message, deps, {
      reason: token
        ? 'the reply address carries a token we never issued'
        : 'a reply to a task mail without its reply token (use "Reply" on the task mail)',
      issued: null,
      // Without a token of ours, only the task mail it claims to answer says whom to warn.
      task: repliedTask ? await deps.store.repos.tasks.findById(repliedTask) : null,
      warn: repliedMail?.to ?? null,
      complaintId: repliedMail?.complaintId ?? null,
    });
  }
  const task = await deps.store.repos.tasks.findById(issued.taskId);
  const checked = checkReplyToken(token, issued, deps.replies.secret, now);
  const known = { issued, task, warn: issued.recipient, complaintId: task?.complaintId ?? null };
  if (!checked.ok && checked.reason === 'expired' && from === issued.recipient && task) {
    // An official answering an old task mail is no attacker: the mail goes again, to them.
    return resendExpiredTaskMail(record, channel, message, { issued, task }, deps);
  }
  if (!checked.ok) return refuse(record, channel, message, deps, { ...known, reason: checked.message });
  if (from !== issued.recipient) {
    return refuse(record, channel, message, deps, {
      ...known,
      reason: `sent by ${from ?? 'an unknown sender'}, not by ${issued.recipient} whom the task mail went to`,
    });
  }
  if (deps.replies.verifySender) {
    const vouched = await deps.replies.verifySender(received.raw, from);
    if (!vouched.ok) return refuse(record, channel, message, deps, { ...known, reason: vouched.reason });
  }
  if (!task) throw new Error(`reply token ${issued.id} names task ${issued.taskId}, which does not exist`);
  const complaint = await deps.store.repos.complaints.findById(task.complaintId);
  if (!complaint)
    throw new Error(`task ${task.id} names complaint ${task.complaintId}, which does not exist`);

  const reply = replyTo(message, issued, complaint, deps);
  /** Answered, nothing changed: the problem, and the commands valid at the task's step. */
  const notCarriedOut = (line: string, problem: string, reason?: string, listCommands = true) =>
    answerOnly(
      record,
      channel,
      complaint,
      task,
      deps,
      reply.refused(line, problem, listCommands ? task : null),
      reason,
    );
  const parsed = parseReplyCommand(stripQuotedReply(message.text));
  if (!parsed.ok) return notCarriedOut(parsed.line, parsed.message);
  const { command, line } = parsed;

  if (command.kind === 'status') {
    return answerOnly(
      record,
      channel,
      complaint,
      task,
      deps,
      reply.accepted('STATUS', line, await statusLines(complaint, deps)),
      'status',
    );
  }
  if (task.status !== 'open' || complaint.currentStepId !== task.stepId) {
    return notCarriedOut(line, STEP_ALREADY_DONE, 'step already done', false);
  }

  if (command.kind === 'delegate') {
    const delegate = await deps.store.repos.directory.findPerson(command.email);
    if (!delegate) {
      return notCarriedOut(
        line,
        `${command.email} tidak ada di direktori: minta admin menambahkannya (aduan people import), lalu kirim DELEGASI lagi.`,
      );
    }
    if (delegate.email === issued.recipient)
      return notCarriedOut(line, 'tugas tidak dapat didelegasikan kepada diri sendiri.');
    return delegateTask(
      record,
      channel,
      { complaint, task, delegate, by: issued.recipient, note: command.note },
      deps,
      reply.accepted,
    );
  }

  const step = findStep(deps.sop, task.stepId)!;
  const opd = await chooseOpd(command, complaint, task, from, deps);
  if (!opd.ok) return notCarriedOut(line, opd.message);
  const history = await deps.store.repos.events.listForComplaint(complaint.id);
  const extended = history.some((e) => e.type === 'task.extended' && e.data.taskId === task.id);
  // The answer drafted at an earlier step (Balangan 7) travels with the complaint: the head reads
  // it to approve, and a JAWAB without text at the last step sends it.
  const draft = history.findLast((e) => e.type === 'answer.drafted')?.data.text as string | undefined;
  // "TERUSKAN pupr": the OPD it names routes the complaint; it is no instruction.
  const argument = opd.named
    ? command.argument
        .replace(new RegExp(`(^|[\\s,.;:])${escapeRegExp(opd.named)}(?=$|[\\s,.;:])`, 'i'), '$1')
        .replace(/^[\s,.;:]+/, '')
        .trim()
    : command.argument;
  const own = [argument, command.body].filter(Boolean).join('\n');
  const answering = command.action === 'jawab' || command.action === 'informasi';
  if (answering && !own && !draft) {
    return notCarriedOut(
      line,
      `${SOP_ACTIONS[command.action].command} memerlukan teks jawaban pada baris-baris di bawahnya.`,
    );
  }
  const note = own || (answering ? draft : undefined);
  const result = transition(
    deps.sop,
    {
      stepId: task.stepId,
      stepStartedAt: task.createdAt,
      dueAt: task.dueAt,
      extended,
      channel: complaint.channel,
    },
    { type: 'action', action: command.action, actorRole: task.role, ...(note ? { note } : {}) },
    { now, calendar: deps.calendar },
  );
  if (!result.ok) {
    return notCarriedOut(line, result.error.userMessage);
  }

  try {
    return await decideOnce(record, channel, deps, async (repos) => {
      await claim(repos, record, {
        status: 'command',
        complaintId: complaint.id,
        reason: `${SOP_ACTIONS[command.action].command} by ${from} at step ${step.no}`,
        fromAddress: from,
      });
      if (!(await repos.replyTokens.use(issued.id, now, record.id))) throw new TokenSpent();
      const events: NewEvent[] = [];
      const event = (type: string, data: Record<string, unknown>, actor = 'system') =>
        events.push({ complaintId: complaint.id, at: now, actor, type, data });
      event(
        'command.accepted',
        {
          inboundId: record.id,
          taskId: task.id,
          stepId: task.stepId,
          action: command.action,
          argument: command.argument,
          body: command.body,
        },
        from,
      );
      const sendsToCitizen = result.effects.some(
        (e) => e.kind === 'notify-citizen' && e.template === 'answer',
      );
      if (answering && own && !sendsToCitizen)
        event('answer.drafted', { text: own, stepId: task.stepId }, from);
      // Before the tasks it opens: the reports replay which unit held each task from the trail.
      if (opd.unitCode !== complaint.opdUnitCode)
        event('complaint.unit_assigned', { unitCode: opd.unitCode, stepId: task.stepId }, from);
      const outcomes = await carryOutEffects(repos, result.effects, {
        draft: answering && own && !sendsToCitizen ? own : draft,
        complaint,
        task,
        action: command.action,
        actor: from,
        opdUnitCode: opd.unitCode,
        // A signer may answer with the letter signed by hand and scanned: that PDF is the letter.
        signedScan: message.attachments.find((file) => isPdf(file.content))?.content,
        now,
        event,
        deps,
      });
      await repos.complaints.updateProgress(complaint.id, {
        currentStepId: result.state.stepId,
        ...(result.state.stepId ? { status: 'in_progress' as const } : {}),
        ...(opd.unitCode !== complaint.opdUnitCode ? { opdUnitCode: opd.unitCode } : {}),
      });
      await repos.events.appendMany(events);
      await queueAnswerToOfficial(
        repos,
        { ...reply.accepted(SOP_ACTIONS[command.action].command, line, outcomes), complaintId: complaint.id },
        now,
        deps,
      );
      return intakeResult(record, channel, {
        outcome: 'command',
        reason: `${SOP_ACTIONS[command.action].command} accepted`,
        tracking: complaint.trackingNumber,
        confidential: complaint.confidential,
      });
    });
  } catch (error) {
    if (error instanceof TaskAlreadyDone) {
      return notCarriedOut(line, STEP_ALREADY_DONE, 'step already done', false);
    }
    if (error instanceof TokenSpent) {
      return notCarriedOut(
        line,
        'e-mail tugas ini sudah pernah dipakai untuk satu perintah; perintah kedua tidak dijalankan.',
        'token already used',
        false,
      );
    }
    throw error;
  }
}

class TokenSpent extends Error {}

const STEP_ALREADY_DONE = 'langkah ini sudah diselesaikan sebelumnya; tidak ada yang diubah.';

/**
 * DELEGASI: the holder hands this task to an acting official (Plt/Plh) in the directory, who gets
 * the task mail with a token of their own. The holder's token stays valid: whoever acts first acts.
 */
function delegateTask(
  record: InboundMessageRecord,
  channel: Channel,
  delegation: { complaint: Complaint; task: Task; delegate: Person; by: string; note: string },
  deps: IntakeDeps,
  confirm: (command: string, line: string, outcomes: string[]) => OutgoingMail,
): Promise<IntakeResult> {
  const { complaint, task, delegate, by, note } = delegation;
  const now = deps.clock();
  return decideOnce(record, channel, deps, async (repos) => {
    await claim(repos, record, {
      status: 'command',
      complaintId: complaint.id,
      reason: `DELEGASI to ${delegate.email}`,
      fromAddress: by,
    });
    const holder: RoleHolder = {
      person: delegate,
      roleKey: task.role,
      unitCode: delegate.unitCode ?? '',
      acting: 'Plh',
      validFrom: now,
      validUntil: null,
    };
    const events = await queueTaskMails(
      repos,
      [
        {
          task,
          complaint: await taskMailFacts(repos, complaint, complaint.opdUnitCode),
          note: [`Didelegasikan oleh ${by}.`, note].filter(Boolean).join('\n'),
          holders: [holder],
        },
      ],
      now,
      deps,
    );
    await repos.events.appendMany([
      {
        complaintId: complaint.id,
        at: now,
        actor: by,
        type: 'task.delegated',
        data: { inboundId: record.id, taskId: task.id, to: delegate.email, note },
      },
      ...events,
    ]);
    const confirmation = confirm('DELEGASI', `DELEGASI ${delegate.email}`, [
      `Tugas ini dikirim kepada ${delegate.name} <${delegate.email}> sebagai Plh`,
    ]);
    await queueAnswerToOfficial(repos, { ...confirmation, complaintId: complaint.id }, now, deps);
    return intakeResult(record, channel, {
      outcome: 'command',
      reason: `DELEGASI accepted`,
      tracking: complaint.trackingNumber,
      confidential: complaint.confidential,
    });
  });
}

/**
 * A reply through an expired task mail, from the official it was sent to: nothing is carried out
 * (the token's lifetime is the office's rule), and the task mail goes to them again with a fresh
 * token, saying why — unless the step was done in the meantime, which the reply then says.
 */
async function resendExpiredTaskMail(
  record: InboundMessageRecord,
  channel: Channel,
  message: InboundMessage,
  expired: { issued: IssuedToken; task: Task },
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const { issued, task } = expired;
  const now = deps.clock();
  const complaint = await deps.store.repos.complaints.findById(task.complaintId);
  if (!complaint)
    throw new Error(`task ${task.id} names complaint ${task.complaintId}, which does not exist`);
  const parsed = parseReplyCommand(stripQuotedReply(message.text));
  const line = parsed.line;
  if (task.status !== 'open' || complaint.currentStepId !== task.stepId) {
    const mail = replyTo(message, issued, complaint, deps).refused(line, STEP_ALREADY_DONE, null);
    return answerOnly(record, channel, complaint, task, deps, mail, 'token expired, step already done');
  }
  const person = (await deps.store.repos.directory.findPerson(issued.recipient)) ?? {
    email: issued.recipient,
    name: issued.recipient,
    jabatan: null,
    nip: null,
    pangkat: null,
    unitCode: null,
  };
  const when = (at: Date) => formatTanggalWaktu(at, deps.office.timeZone, { lang: deps.office.language });
  return decideOnce(record, channel, deps, async (repos) => {
    await claim(repos, record, {
      status: 'command',
      complaintId: complaint.id,
      reason: 'token expired: task mail sent again',
      fromAddress: issued.recipient,
    });
    const events = await queueTaskMails(
      repos,
      [
        {
          task,
          complaint: await taskMailFacts(repos, complaint, complaint.opdUnitCode),
          note:
            `E-mail tugas sebelumnya berlaku sampai ${when(issued.expiresAt)}, sehingga balasan Anda` +
            `${line ? ` "${line}"` : ''} belum dijalankan. Balas e-mail ini untuk bertindak.`,
          holders: [
            {
              person,
              roleKey: task.role,
              unitCode: person.unitCode ?? '',
              acting: null,
              validFrom: now,
              validUntil: null,
            },
          ],
          resentFor: record.id,
        },
      ],
      now,
      deps,
    );
    await repos.events.appendMany([
      {
        complaintId: complaint.id,
        at: now,
        actor: issued.recipient,
        type: 'task.mail_resent',
        data: { inboundId: record.id, taskId: task.id, expiredTokenId: issued.id, reason: 'token expired' },
      },
      ...events,
    ]);
    return intakeResult(record, channel, {
      outcome: 'command',
      reason: 'token expired: task mail sent again',
      tracking: complaint.trackingNumber,
      confidential: complaint.confidential,
    });
  });
}

async function tokenRow(token: string, deps: IntakeDeps): Promise<IssuedToken | null> {
  const read = readReplyToken(token);
  return read ? deps.store.repos.replyTokens.find(read.id) : null;
}

/**
 * The OPD a command sends the complaint to when the next step is an OPD's: the one it names
 * ("TERUSKAN pupr", "JALUR CEPAT Dinas PUPR"), else the one it has, else the replier's own OPD.
 */
async function chooseOpd(
  command: Extract<ReplyCommand, { kind: 'action' }>,
  complaint: Complaint,
  task: Task,
  replier: string | null,
  deps: IntakeDeps,
): Promise<{ ok: true; unitCode: string | null; named?: string } | { ok: false; message: string }> {
  const step = findStep(deps.sop, task.stepId);
  const target = step?.actions[command.action]?.to;
  const next = target ? findStep(deps.sop, target) : undefined;
  const nextRole = next ? deps.sop.roles.find((role) => role.key === next.actor) : undefined;
  if (nextRole?.unit !== 'opd') return { ok: true, unitCode: complaint.opdUnitCode };
  const units = (await deps.store.repos.directory.units()).filter((unit) => unit.kind === 'opd');
  const words = command.argument.toLowerCase();
  const byCode = units.find((unit) => words.split(/[\s,.;:]+/).includes(unit.code));
  if (byCode) return { ok: true, unitCode: byCode.code, named: byCode.code };
  const byName = units.find((unit) => words.includes(unit.name.toLowerCase()));
  if (byName) return { ok: true, unitCode: byName.code, named: byName.name };
  if (complaint.opdUnitCode) return { ok: true, unitCode: complaint.opdUnitCode };
  // Karanganyar's AMBIL: an OPD admin in the complaints group takes it for their own OPD.
  const own = replier ? (await deps.store.repos.directory.findPerson(replier))?.unitCode : null;
  const ownUnit = units.find((unit) => unit.code === own);
  if (ownUnit) return { ok: true, unitCode: ownUnit.code };
  return {
    ok: false,
    message: `sebutkan OPD tujuan setelah perintah, contoh: ${SOP_ACTIONS[command.action].command} ${units[0]?.code ?? 'pupr'}. Kode OPD: ${units.map((u) => `${u.code} (${u.name})`).join(', ') || '(belum ada di direktori)'}.`,
  };
}

/** What a STATUS reply says. */
async function statusLines(complaint: Complaint, deps: IntakeDeps): Promise<string[]> {
  const when = (at: Date) => formatTanggalWaktu(at, deps.office.timeZone, { lang: deps.office.language });
  const open = await deps.store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 10 });
  const lines = [`Status: ${complaint.status}`];
  for (const task of open) {
    const step = findStep(deps.sop, task.stepId);
    lines.push(
      `Langkah ${step?.no}. ${step?.name} — ${roleTitle(deps.sop, task.role)}, batas ${when(task.dueAt)}`,
    );
  }
  if (!open.length) lines.push('Tidak ada langkah yang sedang berjalan.');
  return lines;
}

/** Replies to the official, threaded under their reply. */
function replyTo(message: InboundMessage, issued: IssuedToken, complaint: Complaint, deps: IntakeDeps) {
  const base = (subject: string, text: string, key: string): OutgoingMail => ({
    dedupeKey: key,
    to: issued.recipient,
    subject,
    text,
    ...threadedUnder(message),
    headers: {
      'Auto-Submitted': 'auto-replied',
      'X-Aduan-Tracking': complaint.trackingNumber,
      'X-Aduan-Kind': 'notice',
    },
    complaintId: complaint.id,
  });
  const key = `command-reply:${message.messageId ?? issued.id}:${issued.recipient}`;
  const render = (data: Record<string, unknown>) =>
    deps.renderMail('balasan-perintah', deps.office.language, {
      trackingNumber: complaint.trackingNumber,
      officialName: issued.recipient,
      officeName: deps.office.name,
      outcomes: [],
      commands: [],
      stepName: '',
      command: null,
      problem: null,
      ...data,
    });
  return {
    accepted(command: string, line: string, outcomes: string[]): OutgoingMail {
      const mail = render({ accepted: true, command, commandLine: line, outcomes });
      return base(mail.subject, mail.text, key);
    },
    refused(line: string, problem: string, task: Task | null): OutgoingMail {
      const step = task ? findStep(deps.sop, task.stepId) : undefined;
      const commands = step
        ? actionNamesOf(step).map(
            (name) =>
              `${SOP_ACTIONS[name].command} — ${step.actions[name]?.label ?? SOP_ACTIONS[name].meaning}`,
          )
        : [];
      const mail = render({
        accepted: false,
        command: line.split(/\s+/)[0]?.toUpperCase() ?? null,
        commandLine: line,
        problem,
        commands,
        stepName: step ? `${step.no}. ${step.name}` : '',
      });
      return base(mail.subject, mail.text, key);
    },
  };
}

/** A reply that changes nothing but gets an answer: recorded as a command, its token unspent. */
function answerOnly(
  record: InboundMessageRecord,
  channel: Channel,
  complaint: Complaint,
  task: Task,
  deps: IntakeDeps,
  mail: OutgoingMail,
  reason = 'not carried out',
): Promise<IntakeResult> {
  const now = deps.clock();
  return decideOnce(record, channel, deps, async (repos) => {
    await claim(repos, record, {
      status: 'command',
      complaintId: complaint.id,
      reason,
      fromAddress: mail.to,
    });
    await repos.events.append({
      complaintId: complaint.id,
      at: now,
      actor: mail.to,
      type: 'command.not_carried_out',
      data: { inboundId: record.id, taskId: task.id, reason, subject: mail.subject },
    });
    await queueAnswerToOfficial(repos, { ...mail, complaintId: complaint.id }, now, deps);
    return intakeResult(record, channel, {
      outcome: 'command',
      reason,
      tracking: complaint.trackingNumber,
      confidential: complaint.confidential,
    });
  });
}

/**
 * A reply that fails authentication: quarantined, a security event, and the official the token was
 * issued to (if any) warned — never the sender, who may be the forger.
 */
async function refuse(
  record: InboundMessageRecord,
  channel: Channel,
  message: InboundMessage,
  deps: IntakeDeps,
  refusal: {
    reason: string;
    issued: IssuedToken | null;
    task: Task | null;
    /** The official to warn: the one the token (or the task mail) was for, never the sender. */
    warn: string | null;
    complaintId: string | null;
  },
): Promise<IntakeResult> {
  const now = deps.clock();
  const from = message.from?.address ?? null;
  const complaint = refusal.complaintId
    ? await deps.store.repos.complaints.findById(refusal.complaintId)
    : null;
  const reason = `command refused: ${refusal.reason}`;
  return decideOnce(record, channel, deps, async (repos) => {
    await claim(repos, record, {
      status: 'quarantined',
      complaintId: complaint?.id ?? null,
      reason,
      fromAddress: from,
    });
    await repos.events.append({
      complaintId: complaint?.id ?? null,
      at: now,
      actor: from ?? 'unknown',
      type: 'security.command_refused',
      data: {
        inboundId: record.id,
        reason: refusal.reason,
        from,
        replyTo: message.replyTo?.address ?? null,
        to: message.to.map((to) => to.address),
        tokenId: refusal.issued?.id ?? null,
        taskId: refusal.task?.id ?? null,
      },
    });
    if (refusal.warn && complaint) {
      const step = refusal.task ? findStep(deps.sop, refusal.task.stepId) : undefined;
      const person = await repos.directory.findPerson(refusal.warn);
      const warning = deps.renderMail('peringatan-keamanan', deps.office.language, {
        trackingNumber: complaint.trackingNumber,
        officialName: person?.name ?? refusal.warn,
        stepName: step ? `${step.no}. ${step.name}` : '-',
        from: from ?? '(tanpa pengirim)',
        receivedAt: formatTanggalWaktu(record.receivedAt, deps.office.timeZone, {
          lang: deps.office.language,
        }),
        reason: refusal.reason,
        recipient: refusal.warn,
        officeName: deps.office.name,
      });
      await queueAnswerToOfficial(
        repos,
        {
          dedupeKey: `security-warning:${record.id}`,
          to: refusal.warn,
          subject: warning.subject,
          text: warning.text,
          headers: {
            'Auto-Submitted': 'auto-generated',
            'X-Aduan-Tracking': complaint.trackingNumber,
            'X-Aduan-Kind': 'notice',
          },
          complaintId: complaint.id,
        },
        now,
        deps,
      );
    }
    return intakeResult(record, channel, {
      outcome: 'quarantined',
      reason,
      tracking: complaint?.trackingNumber ?? null,
      confidential: complaint?.confidential ?? false,
    });
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}
