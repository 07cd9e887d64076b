/**
 * Hostile and broken input through the whole intake: a generated corpus (test/support/
 * hostile-corpus.ts: truncated, wrong boundaries, huge headers, deep nesting, invalid charsets,
 * zero-byte parts, malicious file names, HTML with scripts and remote images, flipped bytes…) and
 * one message with a large attachment, delivered to the mailbox as an MTA would and taken in
 * cycles. No cycle may fail or hang; every message is stored raw and decided (a quarantine with its
 * reason); memory stays bounded; and nothing in the mails the service sends can run or fetch
 * anything when an official or a citizen opens them.
 *
 *   HOSTILE_MESSAGES (default 1,000), HOSTILE_BIG_MB (default 50) and HOSTILE_SEED scale and replay it.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCorpus, hugeAttachment, type HostileMessage } from '../support/hostile-corpus.ts';
import { importSampleDirectory, outboxMails } from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const COUNT = Number(process.env.HOSTILE_MESSAGES ?? 1_000);
const BIG_MB = Number(process.env.HOSTILE_BIG_MB ?? 50);
const SEED = Number(process.env.HOSTILE_SEED ?? Date.now() % 1_000_000);
const CYCLE = 100;
const DECIDED = ['registered', 'quarantined', 'ignored', 'duplicate', 'appended', 'bounce', 'command'];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await importSampleDirectory(t); // officials get task mails that quote the complaint
});
afterAll(() => t?.dispose());

describe(`hostile input (${COUNT} generated messages and a ${BIG_MB} MB attachment, seed ${SEED})`, () => {
  it('takes every message without a failed cycle, decides each, and keeps memory bounded', async () => {
    const corpus: HostileMessage[] = [...hostileCorpus(COUNT, SEED), hugeAttachment(BIG_MB)];
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    for (let first = 0; first < corpus.length; first += CYCLE) {
      const batch = corpus.slice(first, first + CYCLE);
      for (const message of batch) await t.deliver('pengaduan', message.raw, t.clock.now);
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      // A cycle that throws is a loop that stops taking mail: never, whatever arrives.
      await t.app.runIntake();
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }

    const db = new Database(t.app.config.database.url.replace(/^file:/, ''), { readonly: true });
    try {
      const inbound = db
        .prepare("SELECT status, reason, size FROM inbound_messages WHERE source = 'pengaduan'")
        .all() as { status: string; reason: string | null; size: number }[];
      // Stored raw, every one (a byte-identical copy is recorded as a duplicate of the first).
      expect(inbound).toHaveLength(corpus.length);
      expect(inbound.filter((row) => !DECIDED.includes(row.status))).toEqual([]);
      expect(inbound.filter((row) => row.status === 'quarantined' && !row.reason)).toEqual([]);
      expect(inbound.some((row) => row.size > BIG_MB * 1024 * 1024)).toBe(true);

      // File names as stored: no path, no control character, no hidden extension tricks.
      const names = db.prepare('SELECT filename FROM attachments').all() as { filename: string }[];
      for (const { filename } of names) {
        // eslint-disable-next-line no-control-regex -- control characters are what it looks for
        expect(filename).not.toMatch(/[/\\\u0000-\u001f\u007f\u202a-\u202e]|^\.\.?$|^\s*$/);
        expect(filename.length).toBeLessThanOrEqual(255);
      }
      const kept = db
        .prepare("SELECT omitted_reason AS reason FROM attachments WHERE filename = 'jalan.mp4'")
        .get() as { reason: string | null } | undefined;
      // Over intake.maxAttachmentBytes, the video is kept out of the complaint, and that is said.
      expect(Boolean(kept?.reason)).toBe(BIG_MB * 2 ** 20 > t.app.config.intake.maxAttachmentBytes);

      const counts = Object.fromEntries(
        (
          db
            .prepare(
              "SELECT status, count(*) AS n FROM inbound_messages WHERE source = 'pengaduan' GROUP BY status",
            )
            .all() as {
            status: string;
            n: number;
          }[]
        ).map((row) => [row.status, row.n]),
      );
      console.log(
        `hostile input: ${JSON.stringify({ messages: corpus.length, ...counts, rssGrowthMiB: Math.round((rssPeak - rssBefore) / 2 ** 20) })}`,
      );
    } finally {
      db.close();
    }
    // Bounded: 500–800 MiB of growth was seen here for the whole corpus (the 50 MB message adds
    // ~300); a message held per copy or a leak per message would go far beyond this.
    expect(rssPeak - rssBefore).toBeLessThan(1536 * 2 ** 20);
  }, 600_000);

  it('sends nothing that runs script or fetches anything when opened', async () => {
    await t.app.runDelivery();
    while ((await t.app.runDelivery()).sent) {
      // the outbox sweeps a hundred at a time
    }
    const mails = await outboxMails(t);
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) {
      const html = typeof mail.html === 'string' ? mail.html : '';
      // The markup itself, not the text: a citizen's "<script>" shown as text is &lt;script&gt;.
      for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
        expect(tag).not.toMatch(/^<(?:script|iframe|frame|object|embed|svg|math|link|base|form|input)\b/i);
        expect(tag).not.toMatch(/^<meta\b[^>]*http-equiv/i); // a refresh to elsewhere
        expect(tag).not.toMatch(/\son\w+\s*=/i); // event handlers
        // Nothing fetched on opening: no remote image, frame or style.
        expect(tag).not.toMatch(/\s(?:src|background|srcset|poster)\s*=\s*["']?\s*(?:https?:)?\/\//i);
        expect(tag).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
        // No link a citizen planted, and no script URL.
        expect(tag).not.toMatch(/\shref\s*=\s*["']?\s*(?:javascript|data|vbscript):/i);
        expect(tag).not.toMatch(/\shref\s*=\s*["']?[^"'>]*(?:evil|phish|tracker)\.example/i);
      }
      expect(html).not.toMatch(/<style[^>]*>[^<]*@import/i);
    }
  });
});
