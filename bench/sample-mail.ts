/**
 * Realistic benchmark mail: the Gmail, Thunderbird and Yahoo (windows-1252) samples of examples/mail
 * (3-7 KB each), every copy made distinct the way real traffic is: its own Message-ID, a numbered
 * subject and its own sender address, so neither the duplicate check nor the per-sender
 * acknowledgement limit treats copies differently from separate citizens.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const EXAMPLES = path.resolve(import.meta.dirname, '../examples/mail');
const SAMPLES = [
  'email-gmail-jalan-rusak.eml',
  'email-thunderbird-informasi.eml',
  'email-yahoo-sampah-windows1252.eml',
].map((name) => readFileSync(path.join(EXAMPLES, name), 'latin1'));

/** Copy `n` (0-based) of the sample set, as bytes. */
export function sampleMail(n: number, run: string): Uint8Array {
  const source = SAMPLES[n % SAMPLES.length]!;
  const sender = /^From: .*<([^@>]+)@([^>]+)>/im.exec(source)!;
  const text = source
    .replace(/^Message-ID:\s*<[^>]+>/im, `Message-ID: <bench-${run}-${n}@mail.contoh.example>`)
    .replace(/^Subject: (.*)$/im, (_line, subject: string) => `Subject: ${subject} (${n})`)
    // Everywhere, so an address repeated in the signature is this sender's too.
    .replaceAll(`${sender[1]}@${sender[2]}`, `${sender[1]}.${run}.${n}@${sender[2]}`);
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** In-Reply-To of an acknowledgement read from its header block, to match it to the citizen's mail. */
export function inReplyTo(raw: string): string | null {
  const head = raw.slice(0, Math.max(0, raw.search(/\r?\n\r?\n/)) || raw.length).replace(/\r?\n[ \t]+/g, ' ');
  return /^In-Reply-To:\s*(<[^>]+>)/im.exec(head)?.[1] ?? null;
}
