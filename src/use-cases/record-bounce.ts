import type { Channel, Complaint } from '../domain/complaint/complaint.ts';
import { CITIZEN_ROLE, findStep, roleTitle } from '../domain/sop/sop-definition.ts';
import type {
  DeliveryReport,
  DeliveryReportRecipient,
  InboundMessage,
} from '../mail/parse/inbound-message.ts';
import { findOurMail, isTaskMail } from './find-our-mail.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import type { InboundMessageRecord, OutboxMail, Repositories } from './ports/store.ts';
import { claim, decideOnce, intakeResult } from './record-decision.ts';

/**
 * A bounce: links the report to the outbox mail that failed (by the Message-ID of the returned
 * mail), marks that mail bounced with the status and diagnostic, and — when the failure is
 * permanent (5.x.x) and for the address we sent to — marks the address undeliverable so later
 * acknowledgements to it are recorded, not sent. Delays and success reports are only recorded.
 * A report about mail we did not send (backscatter, a forgery) marks nothing. A task mail that
 * bounced is reported to the desk's admin: an official did not get their task.
 */
export async function recordBounce(
  record: InboundMessageRecord,
  channel: Channel,
  message: InboundMessage,
  report: DeliveryReport,
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const at = deps.clock();
  const original = report.originalMessageId ? await findOurMail(report.originalMessageId, deps) : null;
  const failed = report.recipients.filter(isFailure);
  const main = failed[0] ?? report.recipients[0] ?? null;
  const detail = main ? describe(main) : 'no delivery status given';
  const to = original?.to.toLowerCase() ?? null;
  // Recipients named in the report, or (a plain bounce naming nobody) the one we sent to.
  const dead = failed
    .filter((r) => !r.status?.startsWith('4'))
    .map((r) => r.address ?? to)
    .filter((address): address is string => address !== null && address === to);
  const reason = original
    ? `${failed.length ? 'delivery failed' : `delivery ${main?.action ?? 'reported'}`} for ${to} (${detail})`
    : `delivery report for mail we did not send (${report.originalMessageId ?? 'no Message-ID'}): ${detail}`;

  return decideOnce(record, channel, deps, async (repos) => {
    const complaintId = original?.complaintId ?? null;
    await claim(repos, record, {
      status: 'bounce',
      reason,
      complaintId,
      fromAddress: message.from?.address ?? null,
    });
    if (original && failed.length) await repos.outbox.markBounced(original.id, { at, reason: detail });
    for (const address of new Set(dead)) {
      await repos.undeliverable.mark(address, { at, reason: detail, outboxId: original?.id ?? null });
    }
    await repos.events.append({
      complaintId,
      at,
      actor: 'system',
      type: original ? (failed.length ? 'mail.bounced' : 'mail.delivery_report') : 'mail.bounce_unmatched',
      data: {
        inboundId: record.id,
        format: report.format,
        originalMessageId: report.originalMessageId,
        outboxId: original?.id ?? null,
        to,
        recipients: report.recipients.map((r) => ({ ...r })),
        undeliverable: [...new Set(dead)],
      },
    });
    const complaint = complaintId ? await repos.complaints.findById(complaintId) : null;
    if (original && failed.length && complaint && isTaskMail(original)) {
      await alertAdmin(repos, { original, detail, complaint, at }, deps);
    }
    return intakeResult(record, channel, {
      outcome: 'bounce',
      reason,
      tracking: complaint?.trackingNumber ?? null,
      confidential: complaint?.confidential ?? false,
    });
  });
}

function isFailure(recipient: DeliveryReportRecipient): boolean {
  if (recipient.action) return recipient.action === 'failed';
  return recipient.status?.startsWith('5') ?? false;
}

function describe(recipient: DeliveryReportRecipient): string {
  return (
    [recipient.status, recipient.diagnostic].filter(Boolean).join(' ') || (recipient.action ?? 'unknown')
  );
}

/**
 * A task mail that bounced means an official never got their task: the desk's admin (whoever holds
 * the SOP's first step done by an official) is told which address, which step, and why.
 */
async function alertAdmin(
  repos: Repositories,
  bounce: { original: OutboxMail; detail: string; complaint: Complaint; at: Date },
  deps: IntakeDeps,
): Promise<void> {
  const adminRole = deps.sop.steps.find((step) => step.actor !== CITIZEN_ROLE)?.actor;
  const diskominfo = (await repos.directory.units()).find((unit) => unit.kind === 'diskominfo');
  if (!adminRole || !diskominfo) return;
  const task = bounce.original.headers?.['X-Aduan-Task']
    ? await repos.tasks.findById(bounce.original.headers['X-Aduan-Task'])
    : null;
  const step = task ? findStep(deps.sop, task.stepId) : undefined;
  const admins = await repos.directory.holdersOf(adminRole, diskominfo.code, bounce.at);
  await repos.outbox.enqueueMany(
    admins
      .filter((admin) => admin.person.email !== bounce.original.to.toLowerCase())
      .map((admin) => {
        const mail = deps.renderMail('tugas-tidak-terkirim', deps.office.language, {
          trackingNumber: bounce.complaint.trackingNumber,
          officialName: admin.person.name,
          to: bounce.original.to,
          roleTitle: task ? roleTitle(deps.sop, task.role) : '-',
          stepName: step ? `${step.no}. ${step.name}` : '-',
          detail: bounce.detail,
          officeName: deps.office.name,
        });
        return {
          dedupeKey: `task-bounced:${bounce.original.id}:${admin.person.email}`,
          to: admin.person.email,
          subject: mail.subject,
          text: mail.text,
          headers: {
            'Auto-Submitted': 'auto-generated',
            'X-Aduan-Tracking': bounce.complaint.trackingNumber,
            'X-Aduan-Kind': 'notice',
          },
          complaintId: bounce.complaint.id,
        };
      }),
    bounce.at,
  );
}
