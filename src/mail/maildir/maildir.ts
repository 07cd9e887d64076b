import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * A Maildir folder (tmp/, new/, cur/): the embedded default for the incoming mailbox and the outbox.
 * Mail delivered by another program appears in new/; once taken it moves to cur/ with the Seen flag,
 * never deleted.
 */
export interface MaildirEntry {
  /** The unique part of the file name (before ":2,"), stable when flags change. */
  key: string;
  file: string;
}

export async function ensureMaildir(root: string): Promise<void> {
  await Promise.all(['tmp', 'new', 'cur'].map((sub) => mkdir(path.join(root, sub), { recursive: true })));
}

/** Messages waiting in new/, oldest first (Maildir names start with the delivery time). */
export async function listNewMessages(root: string): Promise<MaildirEntry[]> {
  const names = (await readdir(path.join(root, 'new'))).filter((n) => !n.startsWith('.')).sort();
  return names.map((name) => ({ key: name.split(':')[0]!, file: path.join(root, 'new', name) }));
}

export async function listMessages(root: string, sub: 'new' | 'cur'): Promise<string[]> {
  return (await readdir(path.join(root, sub)))
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((n) => path.join(root, sub, n));
}

export async function readMessage(entry: MaildirEntry): Promise<Uint8Array> {
  return new Uint8Array(await readFile(entry.file));
}

/** Moves a taken message to cur/ with the Seen flag. */
export async function markSeen(root: string, entry: MaildirEntry): Promise<void> {
  await rename(entry.file, path.join(root, 'cur', `${entry.key}:2,S`));
}

/**
 * Delivers bytes atomically (written in tmp/, renamed into new/). The same key overwrites the same
 * file, so redelivering after a crash leaves one copy.
 */
export async function deliverToMaildir(root: string, key: string, bytes: Uint8Array): Promise<string> {
  const name = `${key}.${hostname().replace(/[/:]/g, '_')}`;
  const tmp = path.join(root, 'tmp', name);
  const final = path.join(root, 'new', name);
  await writeFile(tmp, bytes);
  await rename(tmp, final);
  return final;
}

/** A unique Maildir key for a new message: time first so listing sorts by arrival. */
export function newMaildirKey(now: Date, unique: string): string {
  return `${Math.floor(now.getTime() / 1000)}.M${now.getMilliseconds()}P${process.pid}Q${unique}`;
}
