import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// `aduan start` loads every command's module (commander registers them all). The heavy libraries
// must wait for their first use: each is tens of MiB the service would carry for months (README,
// "Memory"). A static import of one of them anywhere on the way fails this test.
const HEAVY = [
  'pdf-lib',
  '@pdf-lib/fontkit',
  'docx',
  'qrcode',
  'node-forge',
  'tesseract.js',
  'utif2',
  'mailauth',
  'prom-client',
  'pino-pretty',
  'cli-progress',
  '@prisma/schema-engine-wasm',
];

it('loads no renderer, OCR, DKIM checker, metrics or schema engine until they are used', async () => {
  const commands = readdirSync(path.resolve(import.meta.dirname, '../../src/cli/commands'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => `../../src/cli/commands/${file}`);
  const { stdout } = await promisify(execFile)(process.execPath, [
    path.resolve(import.meta.dirname, '../support/loaded-packages.ts'),
    '../../src/main.ts',
    ...commands,
  ]);
  const loaded = JSON.parse(stdout) as string[];
  expect(loaded).toContain('imapflow'); // the list is real: what the service does need is there
  expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
}, 60_000);
