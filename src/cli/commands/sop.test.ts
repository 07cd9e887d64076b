import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { PDFDocument } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PACKAGE_ROOT } from '../../config/paths.ts';
import { registerSopCommands } from './sop.ts';

// `aduan sop card` as the docs are made with it: the committed Balangan card (PDF and Markdown)
// must be what the command writes today.

const work = mkdtempSync(path.join(tmpdir(), 'aduan-sop-card-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CONFIG = path.join(PACKAGE_ROOT, 'examples/config/balangan.yaml');
const MARKDOWN = path.join(PACKAGE_ROOT, 'docs/reply-commands.md');
const PDF = path.join(PACKAGE_ROOT, 'docs/perintah-balasan-balangan.pdf');

async function sopCard(...args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  registerSopCommands(program);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await program.parseAsync(['sop', 'card', ...args], { from: 'user' });
  } finally {
    log.mockRestore();
  }
}

async function textOf(file: string): Promise<string> {
  const bytes = new Uint8Array(readFileSync(file));
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('aduan sop card', () => {
  it('writes docs/reply-commands.md as committed', async () => {
    const out = path.join(work, 'card.md');
    await sopCard('-c', CONFIG, '--markdown', '-o', out);
    const regenerate =
      'run: node bin/aduan.js sop card -c examples/config/balangan.yaml --markdown -o docs/reply-commands.md';
    expect(readFileSync(MARKDOWN, 'utf8') === readFileSync(out, 'utf8'), regenerate).toBe(true);
  });

  it('writes the printed card with the same text as docs/perintah-balasan-balangan.pdf, on one page', async () => {
    const out = path.join(work, 'card.pdf');
    await sopCard('-c', CONFIG, '-o', out);
    for (const file of [PDF, out]) {
      expect((await PDFDocument.load(readFileSync(file))).getPageCount()).toBe(1);
    }
    const committed = await textOf(PDF);
    const regenerate =
      'run: node bin/aduan.js sop card -c examples/config/balangan.yaml -o docs/perintah-balasan-balangan.pdf';
    expect(committed === (await textOf(out)), regenerate).toBe(true);
    for (const word of [
      'TERUSKAN',
      'JALUR CEPAT',
      'KEMBALIKAN',
      'TOLAK',
      'JAWAB',
      'SETUJU',
      'TTD',
      'PERPANJANG',
      'KIRIM',
      'DELEGASI',
      'STATUS',
    ]) {
      expect(committed).toContain(word);
    }
    expect(committed).toContain('pengaduan+kode@balangankab.go.id');
  });

  it('takes another SOP with --sop', async () => {
    const out = path.join(work, 'kaltim.md');
    await sopCard('-c', CONFIG, '--sop', 'kaltim', '--markdown', '-o', out);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('`INFORMASI (teks jawaban pada baris berikutnya)`');
    expect(markdown).toContain('pengaduan@balangankab.go.id');
  });
});
