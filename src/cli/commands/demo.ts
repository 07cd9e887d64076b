import { copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../config/load-config.ts';
import { PACKAGE_ROOT } from '../../config/paths.ts';
import { formatTanggalWaktu } from '../../domain/calendar/format-indonesian.ts';
import { ensureMaildir, listMessages, newMaildirKey } from '../../mail/maildir/maildir.ts';
import { createApp } from '../../main.ts';

const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples', 'mail');

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Drop sample complaints (e-mail and fax) into the inbox, run the service once and show the result',
    )
    .option('-c, --config <file>', 'configuration file (default: the embedded defaults under ./data)')
    .action(async (options: { config?: string }) => {
      const app = await createApp(loadConfig({ file: options.config }), { migrate: true });
      try {
        const dropped = await dropSamples(app.config.mailboxes);
        console.log(`Contoh pengaduan dimasukkan ke kotak masuk: ${dropped.length} pesan\n`);
        const results = await app.runIntake();
        const delivery = await app.runDelivery();
        const tz = app.config.office.timeZone;
        for (const result of results) {
          const complaint = result.tracking
            ? await app.store.repos.complaints.findByTrackingNumber(result.tracking)
            : null;
          const task = complaint
            ? (await app.store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 1 }))[0]
            : undefined;
          console.log(
            `• ${result.outcome.toUpperCase()}${result.tracking ? ` ${result.tracking}` : ''} [${result.channel}]`,
          );
          if (complaint) {
            console.log(`    Perihal  : ${complaint.subject}`);
            console.log(
              `    Jenis    : ${complaint.type}${complaint.category ? `, kategori ${complaint.category}` : ''}${complaint.confidential ? ', RAHASIA' : ''}${complaint.anonymous ? ', ANONIM' : ''}`,
            );
            if (task)
              console.log(
                `    Tugas    : langkah ${task.stepId} (${task.role}), batas ${formatTanggalWaktu(task.dueAt, tz)}`,
              );
            console.log(
              `    Identitas: ${result.missing.length ? `belum lengkap (${result.missing.join(', ')})` : 'lengkap'}`,
            );
          } else if (result.reason) {
            console.log(`    Alasan   : ${result.reason}`);
          }
        }
        const outbox = await listMessages(app.config.delivery.path, 'new');
        console.log(
          `\nKotak keluar (${app.config.delivery.path}): ${delivery.sent} tanda terima dikirim, ${outbox.length} pesan seluruhnya`,
        );
        for (const file of delivery.sent ? outbox.slice(-delivery.sent) : []) {
          const mail = await simpleParser(await readFile(file));
          console.log(`  → ${mail.to && !Array.isArray(mail.to) ? mail.to.text : ''}: ${mail.subject}`);
        }
        console.log(
          `\nDatabase: ${app.config.database.url}\nBaca satu tanda terima: cat "${outbox.at(-1) ?? app.config.delivery.path}"`,
        );
      } finally {
        await app.close();
      }
    });
}

/** Copies the shipped examples into the mailboxes' new/ folders: fax-* to the fax mailbox, the rest to the first. */
async function dropSamples(mailboxes: { name: string; role: string; path: string }[]): Promise<string[]> {
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
