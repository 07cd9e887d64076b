import type { Command } from 'commander';
import { formatTanggalWaktu } from '../../domain/calendar/format-indonesian.ts';
import { IdentityReasonError, showComplaint } from '../../use-cases/show-complaint.ts';
import { UsageError } from '../usage-error.ts';
import { operatorActor, withApp, type StoreOptions } from '../with-store.ts';

interface ShowOptions extends StoreOptions {
  identity?: boolean;
  reason?: string;
  json?: boolean;
}

export function registerComplaintCommands(program: Command): void {
  const complaint = program.command('complaint').description('One complaint, as the audit trail has it');
  complaint
    .command('show')
    .description(
      "A complaint's timeline (events, mails, documents, tasks and their due times); the complainant's identity is withheld unless asked for with a reason",
    )
    .argument('<tracking-number>', 'e.g. ADU-2026-000123')
    .option('--identity', "show the complainant's identity (needs --reason; recorded in the audit trail)")
    .option('--reason <why>', 'why you need the identity, e.g. "permintaan klarifikasi dari Inspektorat"')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .option('--json', 'print the complaint as one JSON object')
    .action((trackingNumber: string, options: ShowOptions) => {
      if (options.identity && !options.reason)
        throw new UsageError('--identity needs --reason "<why>": the reason is recorded in the audit trail');
      return withApp(options, async (app) => {
        const access = options.identity
          ? { show: true as const, reason: options.reason ?? '', actor: operatorActor() }
          : { show: false as const };
        const view = await showComplaint(
          trackingNumber,
          { store: app.store, sop: app.sop, clock: () => new Date() },
          access,
        ).catch((error: unknown) => {
          throw error instanceof IdentityReasonError ? new UsageError(`--reason: ${error.message}`) : error;
        });
        if (!view) throw new UsageError(`no complaint ${trackingNumber} (see: aduan status)`);
        if (options.json) return console.log(JSON.stringify(view, null, 2));
        const when = (at: Date) => formatTanggalWaktu(at, app.config.office.timeZone);
        const c = view.complaint;
        const flags = [c.confidential ? 'rahasia' : '', c.anonymous ? 'anonim' : ''].filter(Boolean);
        console.log(
          `${c.trackingNumber}${c.agendaNumber ? `  (agenda ${c.agendaNumber})` : ''}  ${c.status}${flags.length ? `  [${flags.join(', ')}]` : ''}`,
        );
        console.log(`${c.type} by ${c.channel}, received ${when(c.receivedAt)}`);
        console.log(`Subject: ${c.subject}`);
        if (c.stepName)
          console.log(`Waiting at: ${c.stepName}${c.opdUnitCode ? `, OPD ${c.opdUnitCode}` : ''}`);
        if (view.identity) {
          const i = view.identity;
          console.log(
            `Complainant: ${[i.name, i.nik && `NIK ${i.nik}`, i.email, i.phone, i.address].filter(Boolean).join(', ') || '(none given)'}`,
          );
        } else {
          console.log('Complainant: withheld (--identity --reason "<why>" to show; the asking is recorded)');
        }
        console.log(`\n${c.body.trim()}\n\nTasks:`);
        for (const task of view.tasks) {
          const done = task.completedAt ? `, ${task.action ?? 'done'} ${when(task.completedAt)}` : '';
          console.log(`  ${task.stepName} (${task.actor}): ${task.status}, due ${when(task.dueAt)}${done}`);
        }
        if (view.documents.length) console.log('\nDocuments:');
        for (const doc of view.documents)
          console.log(
            `  ${doc.kind} ${doc.number ?? '(draft)'} v${doc.version} ${doc.status}, ${when(doc.createdAt)}`,
          );
        console.log('\nTimeline:');
        for (const entry of view.timeline)
          console.log(
            `  ${when(entry.at)}  ${entry.what}  ${entry.who}${entry.detail ? `  ${entry.detail}` : ''}`,
          );
      });
    });
}
