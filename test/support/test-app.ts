import { mkdtempSync, rmSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../src/config/load-config.ts';
import { ensureMaildir, newMaildirKey } from '../../src/mail/maildir/maildir.ts';
import { createApp, type App } from '../../src/main.ts';
import type { FaxReader } from '../../src/use-cases/ports/fax-reader.ts';
import type { Instance } from '../../src/cluster/instance.ts';
import { BALANGAN_OFFICE } from './office.ts';

/** A whole service on the embedded default in a fresh folder, with a clock the test moves by hand. */
export interface TestApp {
  /** The running service; `restart` replaces it. */
  app: App;
  dir: string;
  clock: { now: Date };
  /** Delivers raw mail into a configured Maildir mailbox, as an MTA would, arriving at `at`. */
  deliver(mailbox: string, raw: string | Uint8Array, at: Date): Promise<string>;
  /** A crash and a restart: the service is closed and started again on the same database and folders. */
  restart(): Promise<App>;
  dispose(): Promise<void>;
}

export async function startTestApp(
  overrides: Record<string, unknown> = {},
  options: { databaseUrl?: string; faxReader?: FaxReader; log?: pino.Logger; instance?: Instance } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'aduan-app-'));
  const base: Record<string, unknown> = {
    ...BALANGAN_OFFICE,
    ...(options.databaseUrl ? { database: { url: options.databaseUrl } } : {}),
  };
  // One level deep, so `{ fax: { ocrDataPath } }` keeps the fax reply address.
  for (const [key, value] of Object.entries(overrides)) {
    const current = base[key];
    base[key] = isObject(current) && isObject(value) ? { ...current, ...value } : value;
  }
  const config = parseConfig(base);
  const clock = { now: new Date('2026-11-23T08:00:00+08:00') };
  const start = () =>
    createApp(
      { config, file: null, baseDir: dir },
      {
        migrate: true,
        clock: () => clock.now,
        log: options.log ?? pino({ level: 'silent' }),
        ...(options.faxReader ? { faxReader: options.faxReader } : {}),
        ...(options.instance ? { instance: options.instance } : {}),
      },
    );
  let counter = 0;
  const testApp: TestApp = {
    app: await start(),
    dir,
    clock,
    async deliver(mailboxName, raw, at) {
      const mailbox = testApp.app.config.mailboxes.find((m) => m.name === mailboxName);
      if (mailbox?.type !== 'maildir') throw new Error(`no Maildir mailbox ${mailboxName}`);
      await ensureMaildir(mailbox.path);
      const file = path.join(mailbox.path, 'new', `${newMaildirKey(at, `${++counter}t`)}.test`);
      await writeFile(file, raw);
      await utimes(file, at, at);
      return file;
    },
    async restart() {
      await testApp.app.close();
      testApp.app = await start();
      return testApp.app;
    },
    async dispose() {
      await testApp.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return testApp;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
