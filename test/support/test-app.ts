import { mkdtempSync, rmSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../src/config/load-config.ts';
import { ensureMaildir, newMaildirKey } from '../../src/mail/maildir/maildir.ts';
import { createApp, type App } from '../../src/main.ts';

/** A whole service on the embedded default in a fresh folder, with a clock the test moves by hand. */
export interface TestApp {
  app: App;
  dir: string;
  clock: { now: Date };
  /** Delivers raw mail into a configured Maildir mailbox, as an MTA would, arriving at `at`. */
  deliver(mailbox: string, raw: string | Uint8Array, at: Date): Promise<string>;
  dispose(): Promise<void>;
}

export async function startTestApp(
  overrides: Record<string, unknown> = {},
  options: { databaseUrl?: string } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'aduan-app-'));
  const config = parseConfig({
    office: {
      name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan',
      address: 'pengaduan@balangankab.go.id',
      timeZone: 'WITA',
    },
    sop: 'balangan',
    fax: { replyAddress: '{nomor}@faks.balangankab.go.id' },
    ...(options.databaseUrl ? { database: { url: options.databaseUrl } } : {}),
    ...overrides,
  });
  const clock = { now: new Date('2026-11-23T08:00:00+08:00') };
  const app = await createApp(
    { config, file: null, baseDir: dir },
    { migrate: true, clock: () => clock.now, log: pino({ level: 'silent' }) },
  );
  let counter = 0;
  return {
    app,
    dir,
    clock,
    async deliver(mailboxName, raw, at) {
      const mailbox = app.config.mailboxes.find((m) => m.name === mailboxName);
      if (mailbox?.type !== 'maildir') throw new Error(`no Maildir mailbox ${mailboxName}`);
      await ensureMaildir(mailbox.path);
      const file = path.join(mailbox.path, 'new', `${newMaildirKey(at, `${++counter}t`)}.test`);
      await writeFile(file, raw);
      await utimes(file, at, at);
      return file;
    },
    async dispose() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
