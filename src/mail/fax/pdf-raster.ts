/**
 * PDF faxes through Poppler (apt: poppler-utils): `pdfinfo` for pages and sizes, `pdftoppm` to
 * rasterise one page at a time for OCR. pdf-lib cannot render. Both run as child processes with
 * a time limit, so a hostile PDF costs at most that much time.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGE_LIMITS } from './page-image.ts';

export interface PdfPageSize {
  widthPt: number;
  heightPt: number;
}

export type PdfInfo =
  | { ok: true; pageCount: number; pages: PdfPageSize[] }
  | { ok: false; reason: 'unreadable' | 'no-poppler'; detail: string };

export interface PdfWorkspace {
  info(maxPages: number, timeoutMs: number): Promise<PdfInfo>;
  /** One page (from 1) as a grayscale PGM at `dpi`. */
  render(
    page: number,
    dpi: number,
    timeoutMs: number,
  ): Promise<{ ok: true; pgm: Uint8Array } | { ok: false; detail: string }>;
  dispose(): Promise<void>;
}

/** Rendering resolution for OCR: 300 dpi unless the page would exceed the pixel limits. */
export const OCR_DPI = 300;
const MIN_OCR_DPI = 100;

export function ocrDpiFor(page: PdfPageSize): number | null {
  const longest = Math.max(page.widthPt, page.heightPt) / 72;
  const area = (page.widthPt / 72) * (page.heightPt / 72);
  const dpi = Math.floor(
    Math.min(OCR_DPI, PAGE_LIMITS.maxSide / longest, Math.sqrt(PAGE_LIMITS.maxPixels / area)),
  );
  return dpi >= MIN_OCR_DPI ? dpi : null;
}

export async function openPdfWorkspace(bytes: Uint8Array): Promise<PdfWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'kotak-aduan-fax-'));
  const file = join(dir, 'fax.pdf');
  await writeFile(file, bytes);
  return {
    async info(maxPages, timeoutMs) {
      const run = await runTool('pdfinfo', ['-f', '1', '-l', String(maxPages), file], timeoutMs);
      if (!run.ok)
        return { ok: false, reason: run.missing ? 'no-poppler' : 'unreadable', detail: run.detail };
      const count = /^Pages:\s+(\d+)/m.exec(run.stdout);
      if (!count) return { ok: false, reason: 'unreadable', detail: 'no page count' };
      const pages: PdfPageSize[] = [];
      for (const match of run.stdout.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
        const rotation = new RegExp(`^Page\\s+${match[1]} rot:\\s+(\\d+)`, 'm').exec(run.stdout)?.[1];
        const [w, h] = [Number(match[2]), Number(match[3])];
        pages.push(
          rotation === '90' || rotation === '270' ? { widthPt: h, heightPt: w } : { widthPt: w, heightPt: h },
        );
      }
      return { ok: true, pageCount: Number(count[1]), pages };
    },
    async render(page, dpi, timeoutMs) {
      const prefix = join(dir, `page-${page}`);
      const args = [
        '-gray',
        '-r',
        String(dpi),
        '-f',
        String(page),
        '-l',
        String(page),
        '-singlefile',
        file,
        prefix,
      ];
      const run = await runTool('pdftoppm', args, timeoutMs);
      if (!run.ok) return { ok: false, detail: run.detail };
      try {
        const pgm = new Uint8Array(await readFile(`${prefix}.pgm`));
        await rm(`${prefix}.pgm`, { force: true });
        return { ok: true, pgm };
      } catch {
        return { ok: false, detail: 'pdftoppm wrote no image' };
      }
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

type ToolRun = { ok: true; stdout: string } | { ok: false; missing: boolean; detail: string };

function runTool(command: string, args: string[], timeoutMs: number): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ ok: true, stdout });
        const code = (error as NodeJS.ErrnoException).code;
        const detail = error.killed
          ? `${command} stopped after ${timeoutMs} ms`
          : `${command}: ${stderr.trim().split('\n').pop() ?? error.message}`;
        resolve({ ok: false, missing: code === 'ENOENT', detail });
      },
    );
  });
}
