/** Pieces the benchmarks share: a whole service on a fresh SQLite file, percentiles, the machine. */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import pino from 'pino';
import { parseConfig } from '../src/config/load-config.ts';
import type { ImapMailboxConfig } from '../src/mail/imap/imap-client.ts';
import { createApp, type App } from '../src/main.ts';
import { BALANGAN_OFFICE } from '../test/support/office.ts';

/** The service as `aduan start` builds it, with one IMAP mailbox, a SQLite file and the outbox in `dir`. */
export async function benchApp(dir: string, mailbox: ImapMailboxConfig): Promise<App> {
  const config = parseConfig({
    ...BALANGAN_OFFICE,
    database: { url: `file:${dir}/aduan.db` },
    dataDir: dir,
    mailboxes: [mailbox],
    delivery: { type: 'maildir', path: `${dir}/outbox` },
  });
  return createApp(
    { config, file: null, baseDir: dir },
    { migrate: true, log: pino({ level: 'error' }, pino.destination(2)) },
  );
}

/** Nearest-rank percentile of an unsorted list. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export function machine() {
  let dovecot = 'unknown';
  try {
    dovecot = execFileSync('/usr/sbin/dovecot', ['--version']).toString().trim();
  } catch {
    // reported as unknown
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    dovecot,
    imapflow: packageVersion('imapflow'),
    mailparser: packageVersion('mailparser'),
    platform: `${process.platform} ${process.arch}`,
  };
}

function packageVersion(name: string): string {
  const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
