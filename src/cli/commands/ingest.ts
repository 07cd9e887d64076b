import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { resolveDatabaseUrl } from '../../config/resolve-database-url.ts';
import { createApp } from '../../main.ts';
import { ingestMessage } from '../../use-cases/ingest-message.ts';
import type { IntakeResult } from '../../use-cases/intake-result.ts';
import { UsageError } from '../usage-error.ts';

interface IngestOptions {
  config?: string;
  db?: string;
  mailbox?: string;
  json?: boolean;
}

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('Run the intake pipeline on .eml files or Maildir folders (imports, tests, support cases)')
    .argument('<paths...>', '.eml files, folders of them, or Maildir folders')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .option(
      '--mailbox <name>',
      'treat the files as arriving in this configured mailbox (its role decides email or fax)',
    )
    .option('--json', 'print one JSON object per message')
    .action(async (paths: string[], options: IngestOptions) => {
      const loaded = loadConfig({ file: options.config });
      if (options.db) loaded.config.database.url = resolveDatabaseUrl(loaded, options.db);
      const mailbox = options.mailbox ?? loaded.config.mailboxes[0]!.name;
      if (!loaded.config.mailboxes.some((m) => m.name === mailbox)) {
        throw new UsageError(
          `--mailbox ${mailbox}: no such mailbox. Configured: ${loaded.config.mailboxes.map((m) => m.name).join(', ')}`,
        );
      }
      const files = (await Promise.all(paths.map(expandPath))).flat();
      const app = await createApp(loaded, { migrate: true });
      try {
        for (const file of files) {
          const raw = new Uint8Array(await readFile(file));
          const sourceKey = `file:${createHash('sha256').update(raw).digest('hex')}`;
          const result = await ingestMessage(
            { raw, source: mailbox, sourceKey, receivedAt: (await stat(file)).mtime },
            app.intakeDeps,
          );
          print(file, result, options.json ?? false);
        }
      } finally {
        await app.close();
      }
    });
}

function print(file: string, result: IntakeResult, json: boolean): void {
  if (json) {
    const { inboundId: _inboundId, ...shown } = result;
    console.log(JSON.stringify({ file, ...shown }));
    return;
  }
  const detail = result.tracking ?? result.reason ?? '';
  const missing = result.missing.length ? `  (identitas belum lengkap: ${result.missing.join(', ')})` : '';
  console.log(`${result.outcome.padEnd(11)} ${detail.padEnd(18)} ${file}${missing}`);
}

/** A file, a folder of .eml files, or a Maildir (its new/ and cur/). */
async function expandPath(target: string): Promise<string[]> {
  if (!existsSync(target)) throw new UsageError(`${target}: no such file or folder`);
  if (!(await stat(target)).isDirectory()) return [target];
  const maildirParts = ['new', 'cur'].map((sub) => path.join(target, sub)).filter((dir) => existsSync(dir));
  const folders = maildirParts.length ? maildirParts : [target];
  const lists = await Promise.all(
    folders.map(async (dir) =>
      (await readdir(dir))
        .filter((name) => !name.startsWith('.') && (maildirParts.length > 0 || name.endsWith('.eml')))
        .sort()
        .map((name) => path.join(dir, name)),
    ),
  );
  return lists.flat();
}
