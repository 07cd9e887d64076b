/**
 * Crash consistency, end to end: `aduan start` runs as its own process against a real Dovecot
 * mailbox, a real SMTP receiver and a SQLite file, while this harness appends complaints over IMAP
 * and kills the service with SIGKILL at random moments, restarting it each time. Afterwards every
 * message must be registered or quarantined exactly once, the tracking and agenda numbers must run
 * 1..n without a gap or a repeat, every acknowledgement must be queued once and sent, and SMTP may
 * have seen a mail twice only where a kill fell between the server's acceptance and the commit.
 *
 *   PROOF_MESSAGES (default 300) and PROOF_KILLS (default 8) scale it; `npm run test:proof` runs the
 *   full 1,000 messages and 20 kills. PROOF_SEED replays a run's kill moments.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';

const MESSAGES = Number(process.env.PROOF_MESSAGES ?? 300);
const KILLS = Number(process.env.PROOF_KILLS ?? 8);
const SEED = Number(process.env.PROOF_SEED ?? Date.now() % 1_000_000);
const BIN = path.resolve(import.meta.dirname, '../../bin/aduan.js');
const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/mail');

/** Real mails from real clients (Gmail, Outlook, Thunderbird, Yahoo in windows-1252), and a truncated one. */
const TEMPLATES = [
  'email-gmail-jalan-rusak.eml',
  'email-outlook-lampu-jalan.eml',
  'email-thunderbird-informasi.eml',
  'email-yahoo-sampah-windows1252.eml',
].map((name) => readFileSync(path.join(EXAMPLES, name), 'latin1'));
const BROKEN = readFileSync(path.join(EXAMPLES, 'broken-mime-truncated.eml'), 'latin1');
/** No sender and nothing to read: quarantined, with its reason. */
const EMPTY = 'Date: Mon, 23 Nov 2026 08:00:00 +0800\r\nSubject: \r\nMIME-Version: 1.0\r\n\r\n';
const isEmpty = (n: number) => n % 50 === 24;

/** Message n: its own Message-ID, sender and subject, so each is a complaint of its own. */
function message(n: number): { messageId: string; raw: Buffer } {
  const template = isEmpty(n) ? EMPTY : n % 50 === 49 ? BROKEN : TEMPLATES[n % TEMPLATES.length]!;
  const messageId = `<bukti-${n}-${SEED}@warga.example.id>`;
  const split = template.search(/\r?\n\r?\n/);
  let header = template.slice(0, split);
  const header1 = (name: string, value: string) => {
    const pattern = new RegExp(`^${name}:.*(?:\\r?\\n[ \\t].*)*`, 'im');
    header = pattern.test(header)
      ? header.replace(pattern, `${name}: ${value}`)
      : `${name}: ${value}\r\n${header}`;
  };
  header1('Message-ID', messageId);
  if (!isEmpty(n)) header1('From', `Warga ${n} <warga.${n}@gmail.com>`);
  header = header.replace(/^Subject: ?/im, `Subject: [${n}] `);
  return { messageId, raw: Buffer.from(header + template.slice(split), 'latin1') };
}

let dovecot: DovecotServer;
let smtp: SmtpReceiver;
let dir: string;
beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot({ users: ['pengaduan'] }), startSmtpReceiver()]);
  dir = await mkdtemp(path.join(tmpdir(), 'aduan-crash-'));
});
afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`crash consistency (${MESSAGES} messages, ${KILLS} kills, seed ${SEED})`, () => {
  it('loses nothing, registers nothing twice and reuses no number, whenever the service is killed', async () => {
    const config = path.join(dir, 'aduan.config.yaml');
    // JSON is YAML: the service reads it as an operator's file.
    await writeFile(
      config,
      JSON.stringify({
        office: {
          name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan',
          address: 'pengaduan@balangankab.go.id',
          timeZone: 'WITA',
        },
        sop: 'balangan',
        fax: { replyAddress: '{nomor}@faks.balangankab.go.id' },
        database: { url: `file:${dir}/aduan.db` },
        dataDir: `${dir}/data`,
        mailboxes: [dovecot.mailbox('pengaduan', { pollSeconds: 1 })],
        delivery: { type: 'smtp', host: '127.0.0.1', port: smtp.port, secure: false },
      }),
    );
    const log = createWriteStream(path.join(dir, 'service.log'));
    const start = (): ChildProcess => {
      const child = spawn(process.execPath, [BIN, 'start', '-c', config], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.pipe(log, { end: false });
      child.stderr!.pipe(log, { end: false });
      return child;
    };

    // The feed: all messages appended over IMAP while the kills happen, in small bursts.
    const messages = Array.from({ length: MESSAGES }, (_, n) => message(n));
    const bursts = KILLS * 3;
    const feeding = (async () => {
      for (let burst = 0; burst < bursts; burst++) {
        const from = Math.floor((burst * MESSAGES) / bursts);
        const to = Math.floor(((burst + 1) * MESSAGES) / bursts);
        await dovecot.appendMany(
          'pengaduan',
          'INBOX',
          messages.slice(from, to).map((m) => m.raw),
        );
        await sleep(400);
      }
    })();

    /** What is still waiting, and the end of the service's log, for a run that did not settle. */
    async function diagnosis(): Promise<string> {
      const tail = (await readFile(path.join(dir, 'service.log'), 'utf8')).split('\n').slice(-40).join('\n');
      let state: unknown;
      try {
        const conn = new Database(path.join(dir, 'aduan.db'), { readonly: true });
        try {
          state = {
            inbound: conn
              .prepare(
                "SELECT status, count(*) AS n FROM inbound_messages WHERE source = 'pengaduan' GROUP BY status",
              )
              .all(),
            waiting: conn
              .prepare(
                "SELECT dedupe_key, attempts, next_attempt_at, claimed_by, last_error FROM outbox WHERE status = 'pending' LIMIT 5",
              )
              .all(),
            leases: conn.prepare('SELECT * FROM leases').all(),
            inbox: await dovecot.count('pengaduan', 'INBOX'),
          };
        } finally {
          conn.close();
        }
      } catch (error) {
        state = `database not readable: ${(error as Error).message}`;
      }
      return `${JSON.stringify(state, null, 1)}\n${tail}`;
    }
    const next = seededRandom(SEED); // the kill moments follow from PROOF_SEED
    let kills = 0;
    for (; kills < KILLS; kills++) {
      const child = start();
      const exited = once(child, 'exit');
      // Anywhere from the middle of start-up (migrations, IMAP login) to the middle of a batch.
      await sleep(300 + next() * 2_200);
      // A service that ended by itself (it could not start) is a failure of its own.
      if (child.exitCode !== null)
        throw new Error(`aduan start exited with ${child.exitCode}:\n${await diagnosis()}`);
      child.kill('SIGKILL');
      await exited;
    }
    await feeding;

    // The last start runs until everything is taken and sent, then stops cleanly.
    const last = start();
    const db = () => new Database(path.join(dir, 'aduan.db'), { readonly: true });
    const settled = async () => {
      // Every start may have been killed before it created the database; the last one creates it.
      if (!existsSync(path.join(dir, 'aduan.db'))) return false;
      const conn = db();
      try {
        const taken = conn
          .prepare(
            "SELECT count(*) AS n FROM inbound_messages WHERE source = 'pengaduan' AND status <> 'received'",
          )
          .get() as { n: number };
        const pending = conn.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as {
          n: number;
        };
        return taken.n >= MESSAGES && pending.n === 0 && (await dovecot.count('pengaduan', 'INBOX')) === 0;
      } finally {
        conn.close();
      }
    };
    const deadline = Date.now() + 180_000;
    while (!(await settled())) {
      if (Date.now() > deadline) throw new Error(`not settled after 3 minutes:\n${await diagnosis()}`);
      await sleep(300);
    }
    last.kill('SIGTERM');
    await once(last, 'exit');
    log.end();

    const conn = db();
    try {
      // Every message exactly once, decided.
      const inbound = conn
        .prepare(
          "SELECT message_id_header AS id, status, count(*) AS n FROM inbound_messages WHERE source = 'pengaduan' GROUP BY message_id_header, status",
        )
        .all() as { id: string; status: string; n: number }[];
      expect(inbound.filter((row) => row.n !== 1)).toEqual([]);
      expect(new Set(inbound.map((row) => row.id))).toEqual(new Set(messages.map((m) => m.messageId)));
      expect(inbound.length).toBe(MESSAGES);
      const quarantined = inbound.filter((row) => row.status === 'quarantined').map((row) => row.id);
      expect(new Set(quarantined)).toEqual(
        new Set(messages.filter((_, n) => isEmpty(n)).map((m) => m.messageId)),
      );
      const registered = inbound.filter((row) => row.status === 'registered').length;
      expect(registered).toBe(MESSAGES - quarantined.length);

      // Numbers run 1..n: none skipped, none used twice.
      const complaints = conn
        .prepare('SELECT tracking_number AS tracking, agenda_number AS agenda FROM complaints')
        .all() as { tracking: string; agenda: string }[];
      expect(complaints).toHaveLength(registered);
      const serial = (text: string) => Number(/(\d+)/.exec(text)![1]);
      const oneToN = Array.from({ length: registered }, (_, k) => k + 1);
      expect(complaints.map((c) => serial(c.tracking.split('-').at(-1)!)).sort((a, b) => a - b)).toEqual(
        oneToN,
      );
      expect(complaints.map((c) => serial(c.agenda)).sort((a, b) => a - b)).toEqual(oneToN);

      // One acknowledgement per complaint, queued once and sent.
      const acks = conn
        .prepare(
          'SELECT complaint_id AS complaint, status, message_id AS messageId FROM outbox WHERE headers LIKE \'%"X-Aduan-Kind":"acknowledgement"%\'',
        )
        .all() as { complaint: string; status: string; messageId: string }[];
      expect(acks).toHaveLength(registered);
      expect(new Set(acks.map((a) => a.complaint)).size).toBe(registered);
      expect(acks.filter((a) => a.status !== 'sent')).toEqual([]);

      // SMTP: everything the outbox calls sent arrived; a duplicate only where a kill fell
      // between the server's acceptance and the commit of "sent".
      const sent = conn.prepare("SELECT message_id AS id FROM outbox WHERE status = 'sent'").all() as {
        id: string;
      }[];
      const arrivals = new Map<string, number>();
      for (const mail of smtp.received)
        arrivals.set(mail.messageId ?? '', (arrivals.get(mail.messageId ?? '') ?? 0) + 1);
      expect(sent.filter((row) => !arrivals.has(row.id))).toEqual([]);
      const duplicates = [...arrivals.values()].reduce((sum, n) => sum + n - 1, 0);
      expect(duplicates).toBeLessThanOrEqual(kills);
      expect(await dovecot.count('pengaduan', 'Diproses')).toBe(MESSAGES);

      const serviceLog = await readFile(path.join(dir, 'service.log'), 'utf8');
      const summary = {
        messages: MESSAGES,
        kills,
        seed: SEED,
        registered,
        quarantined: quarantined.length,
        smtpDuplicates: duplicates,
        claimsReleasedAfterKill:
          serviceLog.match(/mails claimed by a stopped process are due again/g)?.length ?? 0,
      };
      console.log(`crash consistency: ${JSON.stringify(summary)}`);
    } finally {
      conn.close();
    }
  }, 600_000);
});
