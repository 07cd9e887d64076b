import { formatBulan, formatTanggal, formatTanggalWaktu } from '../domain/calendar/format-indonesian.ts';
import { parseDateKey } from '../domain/calendar/zoned-time.ts';
import { parseMonthKey } from '../domain/reports/report-period.ts';
import type { Channel } from '../domain/complaint/complaint.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import { stripQuotedReply } from '../mail/parse/strip-quoted-reply.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { IntakeResult } from './intake-result.ts';
import type { OutboxMail, StoredReport } from './ports/store.ts';
import { claim, decideOnce, intakeResult } from './record-decision.ts';
import { REPORT_MAIL_PREFIX } from './send-report.ts';

/** A mail we sent carrying a report (rekap bulanan, laporan harian). */
export function isReportMail(mail: OutboxMail): boolean {
  return mail.dedupeKey.startsWith(REPORT_MAIL_PREFIX);
}

/**
 * A reply to a report mail: the leadership's disposition on the recap (Karanganyar step 7,
 * "mengarsip disposisi Pimpinan terhadap laporan rekap aduan"). Archived with the report — its
 * words, who, when, and the raw mail already stored — and confirmed to the sender, when it comes
 * from the address the report went to (and passes the sender policy officials' commands pass).
 * Anyone else's reply is kept, marked ignored, and changes nothing.
 */
export async function archiveReportDisposition(
  received: {
    record: Parameters<typeof claim>[1];
    channel: Channel;
    message: InboundMessage;
    raw: Uint8Array;
  },
  mail: OutboxMail,
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const { record, channel, message } = received;
  const now = deps.clock();
  const from = message.from?.address?.toLowerCase() ?? null;
  const [, kind, period] = mail.dedupeKey.split(':') as [string, 'harian' | 'bulanan', string];
  const report = await deps.store.repos.reports.find(kind, period);
  const refusal =
    from !== mail.to.toLowerCase()
      ? `reply to the ${kind} report ${period} from ${from ?? 'no sender'}, not from ${mail.to} whom it went to`
      : !report
        ? `reply to the ${kind} report ${period}, which is not on record`
        : deps.replies.verifySender
          ? await deps.replies.verifySender(received.raw, from).then((v) => (v.ok ? null : v.reason))
          : null;
  if (refusal || !report || !from) {
    return decideOnce(record, channel, deps, async (repos) => {
      const reason = refusal ?? 'reply to a report without a sender';
      await claim(repos, record, { status: 'ignored', reason, fromAddress: from });
      return intakeResult(record, channel, { outcome: 'ignored', reason });
    });
  }

  const text = stripQuotedReply(message.text).trim();
  const person = await deps.store.repos.directory.findPerson(from);
  const title = reportTitle(report, deps);
  return decideOnce(record, channel, deps, async (repos) => {
    const reason = `disposition on the ${kind} report ${period} archived`;
    await claim(repos, record, { status: 'command', reason, fromAddress: from });
    await repos.reports.archiveDisposition(report.id, { inboundId: record.id, by: from, at: now, text });
    await repos.events.append({
      complaintId: null,
      at: now,
      actor: from,
      type: 'report.disposition_archived',
      data: { kind, period, reportId: report.id, inboundId: record.id, text },
    });
    const rendered = deps.renderMail('disposisi-diarsipkan', deps.office.language, {
      officialName: person?.name ?? from,
      laporan: title,
      waktu: formatTanggalWaktu(now, deps.office.timeZone, { lang: deps.office.language }),
      officeName: deps.office.name,
    });
    await repos.outbox.enqueue(
      {
        dedupeKey: `disposition-archived:${record.id}`,
        to: from,
        subject: rendered.subject,
        text: rendered.text,
        ...(message.messageId ? { inReplyTo: message.messageId, references: [message.messageId] } : {}),
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Aduan-Kind': 'notice' },
      },
      now,
    );
    return intakeResult(record, channel, { outcome: 'command', reason });
  });
}

function reportTitle(report: StoredReport, deps: Pick<IntakeDeps, 'office'>): string {
  const lang = { lang: deps.office.language };
  if (report.kind === 'bulanan') {
    const month = parseMonthKey(report.period);
    return `Rekap Bulanan ${month ? formatBulan(month.year, month.month, lang) : report.period}`;
  }
  const day = parseDateKey(report.period);
  const noon = day ? new Date(Date.UTC(day.year, day.month - 1, day.day, 5)) : null;
  return `Laporan Monitoring Harian ${noon ? formatTanggal(noon, deps.office.timeZone, lang) : report.period}`;
}
