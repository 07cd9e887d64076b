import { copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { simpleParser } from 'mailparser';
import type { MailboxConfig } from '../../config/config-schema.ts';
import { loadConfig } from '../../config/load-config.ts';
import { createLogger } from '../../config/logger.ts';
import { UsageError } from '../usage-error.ts';
import { PACKAGE_ROOT } from '../../config/paths.ts';
import { formatTanggalWaktu } from '../../domain/calendar/format-indonesian.ts';
import { findStep, roleTitle } from '../../domain/sop/sop-definition.ts';
import { ensureMaildir, listMessages, newMaildirKey } from '../../mail/maildir/maildir.ts';
import { createApp, outboxFolder, type App } from '../../main.ts';
import { ensureSampleDirectory, walkThroughBalangan } from '../demo-walkthrough.ts';
import type { IntakeResult } from '../../use-cases/intake-result.ts';

const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples', 'mail');

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Drop sample complaints (e-mail and fax) into the inbox, run the service once and show the result',
    )
    .option('-c, --config <file>', 'configuration file (default: the embedded defaults under ./data)')
    .action(async (options: { config?: string }) => {
      // The demo prints what happened itself; the service's log would only repeat it.
      const log = createLogger({ level: process.env.ADUAN_LOG_LEVEL ?? 'warn' });
      const app = await createApp(loadConfig({ file: options.config }), { migrate: true, log });
      try {
        if (await ensureSampleDirectory(app)) {
          console.log('Direktori contoh pejabat Balangan dimuat (examples/directory/balangan.yaml).');
        }
        const dropped = await dropSamples(app.config.mailboxes);
        console.log(`Contoh pengaduan dimasukkan ke kotak masuk: ${dropped.length} pesan\n`);
        const results = await app.runIntake();
        const delivery = await app.runDelivery();
        for (const result of results) console.log((await describeResult(app, result)).join('\n'));
        const outbox = await listMessages(outboxFolder(app), 'new');
        console.log(
          `\nKotak keluar (${outboxFolder(app)}): ${delivery.sent} pesan dikirim (tanda terima untuk pelapor, e-mail tugas untuk admin), ${outbox.length} seluruhnya`,
        );
        for (const file of delivery.sent ? outbox.slice(-delivery.sent) : []) {
          const mail = await simpleParser(await readFile(file));
          console.log(`  → ${mail.to && !Array.isArray(mail.to) ? mail.to.text : ''}: ${mail.subject}`);
        }
        console.log(
          `\nDatabase: ${app.config.database.url}\nBaca satu tanda terima: cat "${outbox.at(-1) ?? outboxFolder(app)}"`,
        );
        const first = results.find((r) => r.outcome === 'registered' && r.channel === 'email');
        if (first?.tracking) await walkThroughBalangan(app, first.tracking);
        else console.log('\n(Tidak ada pengaduan baru: hapus ./data untuk mengulang demo dari awal.)');
      } finally {
        await app.close();
      }
    });
}

/** What one intake result means for the office, in the words the demo prints. */
async function describeResult(app: App, result: IntakeResult): Promise<string[]> {
  const lines = [
    `• ${result.outcome.toUpperCase()}${result.tracking ? ` ${result.tracking}` : ''} [${result.channel}]`,
  ];
  const complaint = result.tracking
    ? await app.store.repos.complaints.findByTrackingNumber(result.tracking)
    : null;
  if (!complaint) return result.reason ? [...lines, `    Alasan   : ${result.reason}`] : lines;
  const flags = [
    complaint.category && `kategori ${complaint.category}`,
    complaint.confidential && 'RAHASIA',
    complaint.anonymous && 'ANONIM',
  ];
  lines.push(
    `    Perihal  : ${complaint.subject}`,
    `    Jenis    : ${[complaint.type, ...flags].filter(Boolean).join(', ')}`,
  );
  const [task] = await app.store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 1 });
  const step = task && findStep(app.sop, task.stepId);
  if (task && step) {
    const due = formatTanggalWaktu(task.dueAt, app.config.office.timeZone);
    lines.push(`    Tugas    : ${step.no}. ${step.name} — ${roleTitle(app.sop, task.role)}, batas ${due}`);
  }
  lines.push(
    `    Identitas: ${result.missing.length ? `belum lengkap (${result.missing.join(', ')})` : 'lengkap'}`,
  );
  return lines;
}

/** Copies the shipped examples into the mailboxes' new/ folders: fax-* to the fax mailbox, the rest to the first. */
async function dropSamples(configured: MailboxConfig[]): Promise<string[]> {
  const mailboxes = configured.flatMap((m) => (m.type === 'maildir' ? [m] : []));
  if (!mailboxes.length)
    throw new UsageError('aduan demo drops its samples into Maildir mailboxes; none is configured.');
  const complaints = mailboxes.find((m) => m.role === 'complaints') ?? mailboxes[0]!;
  const fax = mailboxes.find((m) => m.role === 'fax') ?? complaints;
  const samples = (await readdir(EXAMPLES_DIR)).filter((f) => f.endsWith('.eml')).sort();
  const now = new Date();
  const dropped: string[] = [];
  for (const [index, sample] of samples.entries()) {
    const target = sample.startsWith('fax-') ? fax : complaints;
    await ensureMaildir(target.path);
    const destination = path.join(target.path, 'new', `${newMaildirKey(now, `${index}demo`)}.demo`);
    await copyFile(path.join(EXAMPLES_DIR, sample), destination);
    dropped.push(destination);
  }
  return dropped;
}
