import type { SopDefinition } from '../domain/sop/sop-definition.ts';
import type { ReportKind, StoredReport } from './ports/store.ts';
import type { ReportDeps } from './report-histories.ts';

/** Report mails carry this in their dedupe key: a reply to one is a disposition, not a complaint. */
export const REPORT_MAIL_PREFIX = 'report:';

/**
 * Who gets a report: the configured entries (e-mail addresses, or role keys of the SOP whose
 * holders in Diskominfo receive it); none configured: the SOP's first actor (the complaints admin,
 * who keeps the record) and Diskominfo's head (a Diskominfo role without a supervisor).
 */
export async function reportRecipients(
  entries: readonly string[],
  deps: ReportDeps,
): Promise<{ email: string; name: string }[]> {
  const now = deps.clock();
  const units = await deps.store.repos.directory.units();
  const diskominfo = units.find((unit) => unit.kind === 'diskominfo')?.code ?? 'DISKOMINFO';
  const wanted = entries.length ? entries : defaultReportRoles(deps.sop);
  const found = new Map<string, { email: string; name: string }>();
  for (const entry of wanted) {
    if (entry.includes('@')) {
      const email = entry.toLowerCase();
      const person = await deps.store.repos.directory.findPerson(email);
      found.set(email, { email, name: person?.name ?? email });
      continue;
    }
    for (const { person } of await deps.store.repos.directory.holdersOf(entry, diskominfo, now)) {
      found.set(person.email, { email: person.email, name: person.name });
    }
  }
  return [...found.values()];
}

export function defaultReportRoles(sop: SopDefinition): string[] {
  const first = sop.steps[0]?.actor;
  const heads = sop.roles.filter((role) => role.unit === 'diskominfo' && !role.supervisor).map((r) => r.key);
  return [...new Set([...(first ? [first] : []), ...heads])];
}

/**
 * In one transaction: the report and its files, one mail per recipient with the files attached
 * (each once: the dedupe key names kind, period and address), and the trail's line. A second run
 * for the same period — a catch-up racing a trigger — queues nothing new.
 */
export async function recordAndMailReport(
  report: {
    kind: ReportKind;
    period: string;
    pdf: { bytes: Uint8Array; filename: string };
    xlsx: { bytes: Uint8Array; filename: string } | null;
    summary: Record<string, unknown>;
  },
  recipients: readonly { email: string; name: string }[],
  mail: { template: string; data: Record<string, unknown> },
  deps: ReportDeps,
): Promise<StoredReport> {
  const now = deps.clock();
  return deps.store.transaction(async (repos) => {
    const stored = await repos.reports.save({
      kind: report.kind,
      period: report.period,
      createdAt: now,
      pdf: report.pdf.bytes,
      xlsx: report.xlsx?.bytes ?? null,
      summary: report.summary,
    });
    const attachments = [
      { filename: report.pdf.filename, contentType: 'application/pdf', sha256: stored.pdfSha256 },
      ...(report.xlsx && stored.xlsxSha256
        ? [
            {
              filename: report.xlsx.filename,
              contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              sha256: stored.xlsxSha256,
            },
          ]
        : []),
    ];
    await repos.outbox.enqueueMany(
      recipients.map((recipient) => {
        const rendered = deps.renderMail(mail.template, deps.office.language, {
          ...mail.data,
          officialName: recipient.name,
          officeName: deps.office.name,
        });
        return {
          dedupeKey: `${REPORT_MAIL_PREFIX}${report.kind}:${report.period}:${recipient.email}`,
          to: recipient.email,
          subject: rendered.subject,
          text: rendered.text,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Aduan-Kind': `report-${report.kind}` },
          attachments,
        };
      }),
      now,
    );
    await repos.events.append({
      complaintId: null,
      at: now,
      actor: 'system',
      type: 'report.sent',
      data: {
        kind: report.kind,
        period: report.period,
        to: recipients.map((r) => r.email),
        ...report.summary,
      },
    });
    return stored;
  });
}
