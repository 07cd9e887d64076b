import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatTanggalWaktu } from '../../domain/calendar/format-indonesian.ts';
import { documentFileName } from '../../use-cases/document-records.ts';
import { verifyDocument } from '../../use-cases/verify-document.ts';
import { UsageError } from '../usage-error.ts';
import { withStore, type StoreOptions } from '../with-store.ts';

const KINDS = { disposisi: 'lembar_disposisi', tanggapan: 'surat_tanggapan' } as const;

export function registerDocumentCommands(program: Command): void {
  const doc = program.command('doc').description('The official documents of a complaint');
  doc
    .command('render')
    .description('Write a complaint’s newest lembar disposisi or surat tanggapan as PDF or DOCX')
    .argument('<kind>', 'disposisi | tanggapan')
    .requiredOption('--complaint <tracking>', 'the tracking number, e.g. ADU-2026-000123')
    .option('--format <format>', 'pdf | docx', 'pdf')
    .option('--out <file>', 'where to write it (default: its own name in this folder)')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .action((kindName: string, options: StoreOptions & { complaint: string; format: string; out?: string }) =>
      withStore(options, async (store) => {
        const kind = KINDS[kindName as keyof typeof KINDS];
        if (!kind) throw new UsageError(`unknown document "${kindName}": use disposisi or tanggapan`);
        if (options.format !== 'pdf' && options.format !== 'docx')
          throw new UsageError(`unknown format "${options.format}": use pdf or docx`);
        const complaint = await store.repos.complaints.findByTrackingNumber(options.complaint.toUpperCase());
        if (!complaint) throw new UsageError(`no complaint ${options.complaint}`);
        const document = (await store.repos.documents.listForComplaint(complaint.id))
          .filter((d) => d.kind === kind && d.status !== 'superseded')
          .at(-1);
        if (!document) {
          throw new UsageError(
            kind === 'lembar_disposisi'
              ? `${complaint.trackingNumber} has no lembar disposisi yet: one is made when an official forwards it with a disposition (Balangan steps 4, 6 and 10)`
              : `${complaint.trackingNumber} has no surat tanggapan yet: a draft is made when the answer is drafted (JAWAB), the letter when the head signs it (SETUJU)`,
          );
        }
        const bytes = await store.repos.attachments.readBlob(
          options.format === 'pdf' ? document.pdfSha256 : document.docxSha256,
        );
        if (!bytes) throw new Error(`the stored ${options.format} of ${document.id} is missing`);
        const out = options.out ?? documentFileName(document, complaint.trackingNumber, options.format);
        await writeFile(out, bytes);
        console.log(`${out}: ${document.number ?? 'konsep'} (versi ${document.version}, ${document.status})`);
      }),
    );

  program
    .command('verify')
    .description('Say whether a PDF is a document this office issued, unaltered')
    .argument('<file>', 'the PDF to check')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .action((file: string, options: StoreOptions) =>
      withStore(options, async (store, loaded) => {
        const verdict = await verifyDocument(await readFile(file), store.repos);
        const zone = loaded.config.office.timeZone;
        if (verdict.outcome === 'unknown') {
          console.log(`TIDAK DIKENAL: ${file} bukan dokumen yang diterbitkan kantor ini.`);
          process.exitCode = 1;
          return;
        }
        const { document } = verdict;
        const signed = document.signedAt ? formatTanggalWaktu(document.signedAt, zone) : '-';
        const what = `${document.kind === 'surat_tanggapan' ? 'Surat tanggapan' : 'Lembar disposisi'} nomor ${document.number ?? '-'} (pengaduan ${verdict.trackingNumber})`;
        if (verdict.outcome === 'valid') {
          console.log(
            `SAH: ${what}, ditandatangani/diparaf oleh ${document.signedBy ?? '-'} pada ${signed}; isi berkas tidak berubah.`,
          );
          return;
        }
        console.log(
          `DIUBAH: ${file} mengaku sebagai ${what}, ditandatangani oleh ${document.signedBy ?? '-'} pada ${signed}, tetapi isinya tidak sama dengan yang diterbitkan.`,
        );
        process.exitCode = 2;
      }),
    );
}
