import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { loadDirectory } from '../config/load-directory.ts';
import { PACKAGE_ROOT } from '../config/paths.ts';
import { findStep, roleTitle } from '../domain/sop/sop-definition.ts';
import { ensureMaildir, listMessages, newMaildirKey } from '../mail/maildir/maildir.ts';
import { outboxFolder, type App } from '../main.ts';
import { importDirectory } from '../use-cases/import-directory.ts';

const DIRECTORY = path.join(PACKAGE_ROOT, 'examples', 'directory', 'balangan.yaml');

/** Who replies what at each Balangan step, as the sample directory's officials would. */
const BALANGAN_REPLIES: readonly { step: string; text: string }[] = [
  { step: 'registrasi', text: 'TERUSKAN\nIdentitas pelapor lengkap.' },
  { step: 'pemeriksaan', text: 'Teruskan' },
  { step: 'laporan_pimpinan', text: 'TERUSKAN' },
  { step: 'arahan_kadis', text: 'TERUSKAN pupr\nMohon segera ditinjau ke lapangan.' },
  { step: 'penerimaan_opd', text: 'TERUSKAN' },
  { step: 'disposisi_opd', text: 'TERUSKAN\nBidang Bina Marga agar menyiapkan jawaban.' },
  {
    step: 'penyusunan_tanggapan',
    text: 'JAWAB\nSaluran di lokasi telah kami tinjau pada 24 November 2026: gorong-gorong tersumbat sedimen dan sampah.\n\nPembersihan dan normalisasi saluran dijadwalkan 1-3 Desember 2026 oleh Bidang Bina Marga, sehingga genangan saat hujan dapat teratasi.',
  },
  { step: 'persetujuan_tanggapan', text: 'SETUJU' },
  { step: 'pengiriman_tanggapan', text: 'KIRIM' },
  { step: 'disposisi_diskominfo', text: 'TERUSKAN' },
  { step: 'penyampaian_jawaban', text: 'JAWAB' },
];

/** The sample officials of Balangan, when the SOP is Balangan's and the directory still empty. */
export async function ensureSampleDirectory(app: App): Promise<boolean> {
  if (app.sop.id !== 'balangan' || (await app.store.repos.directory.units()).length) return false;
  await importDirectory(loadDirectory(DIRECTORY, app.sop), {
    store: app.store,
    clock: () => new Date(),
    timeZone: app.config.office.timeZone,
    actor: 'demo',
  });
  return true;
}

/**
 * The second half of `aduan demo`: one complaint travels the whole Balangan SOP. The sample
 * directory's officials "reply" to their task mails — each reply is real MIME dropped into the
 * inbox, sent to the task mail's Reply-To like a mail client would — and the service runs a cycle
 * after each, as it would when the reply arrived.
 */
export async function walkThroughBalangan(app: App, trackingNumber: string): Promise<void> {
  if (app.sop.id !== 'balangan') {
    console.log(`\n(Perjalanan contoh hanya untuk SOP balangan; SOP ini: ${app.sop.id}.)`);
    return;
  }
  const inbox = app.config.mailboxes.find((m) => m.type === 'maildir' && m.role === 'complaints');
  if (!inbox || inbox.type !== 'maildir') return;
  console.log(`\nPerjalanan ${trackingNumber} melalui SOP Balangan, lewat balasan e-mail para pejabat:`);
  for (const [n, { step, text }] of BALANGAN_REPLIES.entries()) {
    const complaint = await app.store.repos.complaints.findByTrackingNumber(trackingNumber);
    if (!complaint || complaint.currentStepId !== step) {
      console.log(`  (berhenti: pengaduan tidak berada pada langkah ${step})`);
      return;
    }
    const task = await newestTaskMail(app, trackingNumber, step);
    if (!task) {
      console.log(
        `  (berhenti: tidak ada e-mail tugas untuk langkah ${step}; isi direktori: aduan people import)`,
      );
      return;
    }
    const official = task.to && !Array.isArray(task.to) ? task.to.value[0]!.address! : '';
    await ensureMaildir(inbox.path);
    await writeFile(
      path.join(inbox.path, 'new', `${newMaildirKey(new Date(), `${n}walk`)}.demo`),
      await replyTo(task, official, text),
    );
    await app.runIntake();
    await app.runDelivery();
    const definition = findStep(app.sop, step)!;
    const [open] = await app.store.repos.tasks.listOpen({ complaintId: complaint.id, limit: 1 });
    const next = open ? findStep(app.sop, open.stepId) : undefined;
    console.log(
      `  ${String(definition.no).padStart(2)}. ${roleTitle(app.sop, definition.actor)} <${official}> membalas "${text.split('\n')[0]}"` +
        (next ? ` → ${next.no}. ${next.name}` : ' → selesai'),
    );
  }
  const complaint = await app.store.repos.complaints.findByTrackingNumber(trackingNumber);
  const documents = complaint ? await app.store.repos.documents.listForComplaint(complaint.id) : [];
  if (documents.length) {
    console.log('\nDokumen yang dibuat di sepanjang jalan (terlampir pada e-mail tugas berikutnya):');
    for (const d of documents) {
      const kind = d.kind === 'lembar_disposisi' ? 'Lembar disposisi' : 'Surat tanggapan';
      console.log(
        `  ${kind} ${d.number ?? '(konsep)'} — ${STATUS_WORDS[d.status]}${d.verificationCode ? `, kode verifikasi ${d.verificationCode}` : ''}`,
      );
    }
    console.log(
      `Simpan suratnya: npx aduan doc render tanggapan --complaint ${trackingNumber}   lalu: npx aduan verify <berkas.pdf>`,
    );
  }
  const outbox = await listMessages(outboxFolder(app), 'new');
  for (const file of outbox.reverse()) {
    const mail = await simpleParser(await readFile(file));
    if (
      mail.headers.get('x-aduan-kind') === 'answer' &&
      mail.headers.get('x-aduan-tracking') === trackingNumber
    ) {
      console.log(`\nJawaban dikirim kepada pelapor: ${mail.subject}\nBaca: cat "${file}"`);
      return;
    }
  }
}

const STATUS_WORDS = {
  draft: 'konsep',
  issued: 'terbit',
  signed: 'ditandatangani',
  superseded: 'diganti versi baru',
};

async function newestTaskMail(app: App, trackingNumber: string, stepId: string): Promise<ParsedMail | null> {
  const step = findStep(app.sop, stepId)!;
  const files = (await listMessages(outboxFolder(app), 'new')).reverse();
  for (const file of files) {
    const mail = await simpleParser(await readFile(file));
    if (
      mail.headers.get('x-aduan-kind') === 'task' &&
      mail.headers.get('x-aduan-tracking') === trackingNumber &&
      mail.subject?.includes(`Tugas: ${step.name}`)
    ) {
      return mail;
    }
  }
  return null;
}

/** A reply as a mail client writes it: to the Reply-To, threaded, the task mail quoted below. */
async function replyTo(task: ParsedMail, from: string, text: string): Promise<Buffer> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const quoted = (task.text ?? '')
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const info = await composer.sendMail({
    from,
    to: task.replyTo?.value[0]?.address ?? '',
    subject: `Re: ${task.subject}`,
    text: `${text}\n\nPada ${task.date?.toUTCString() ?? ''} Layanan Pengaduan menulis:\n${quoted}`,
    inReplyTo: task.messageId,
    references: task.messageId ? [task.messageId] : [],
  });
  return info.message as Buffer;
}
