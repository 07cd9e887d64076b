/**
 * Crash consistency, end to end: `aduan start` runs as its own process against a real Dovecot
 * mailbox and a real SMTP receiver, while this harness appends complaints over IMAP, answers the
 * officials' task mails by reply as the officials would (so disposition sheets are numbered under
 * the kills too), and kills the service with SIGKILL at random moments, restarting it each time.
 * It runs twice: on SQLite with one instance, and on PostgreSQL with two instances on the same
 * mailbox, where a kill takes one of them or both.
 *
 * Afterwards every message must be registered, quarantined or taken as a command exactly once; the
 * tracking, agenda and disposition-sheet numbers must run 1..n without a gap or a repeat; every
 * acknowledgement must be queued once and sent; and SMTP may have seen a mail twice only where a
 * kill fell between the server's acceptance and the commit.
 *
 *   PROOF_MESSAGES (default 200) and PROOF_KILLS (default 8) scale each run; `npm run test:proof`
 *   runs the full 1,000 messages and 20 kills. PROOF_SEED replays a run's kill moments.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { BALANGAN_OFFICE } from '../support/office.ts';
import { composeMail } from '../support/intake.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { startSmtpReceiver, type ReceivedMail, type SmtpReceiver } from '../support/smtp-receiver.ts';

const MESSAGES = Number(process.env.PROOF_MESSAGES ?? 200);
const KILLS = Number(process.env.PROOF_KILLS ?? 8);
const SEED = Number(process.env.PROOF_SEED ?? Date.now() % 1_000_000);
const BIN = path.resolve(import.meta.dirname, '../../bin/aduan.js');
const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/mail');
const DIRECTORY = path.resolve(import.meta.dirname, '../../examples/directory/balangan.yaml');

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

/**
 * What each official answers to a task mail: Diskominfo's admin sends the complaint straight to
 * PUPR, PUPR's admin hands it to the head, whose TERUSKAN issues a lembar disposisi (Balangan
 * steps 1, 5 and 6). The complaint then waits at step 7, the drafting of the answer.
 */
const ANSWERS: Record<string, string> = {
  'admin.aduan@balangankab.go.id': 'JALUR CEPAT pupr',
  'aduan.pupr@balangankab.go.id': 'TERUSKAN',
  'kadis.pupr@balangankab.go.id': 'TERUSKAN',
};
const WAITING_STEP = 'penyusunan_tanggapan';

/** Message n: its own Message-ID, sender and subject, so each is a complaint of its own. */
function message(n: number, seed: number): { messageId: string; raw: Buffer } {
  const template = isEmpty(n) ? EMPTY : n % 50 === 49 ? BROKEN : TEMPLATES[n % TEMPLATES.length]!;
  const messageId = `<bukti-${n}-${seed}@warga.example.id>`;
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

/**
 * Read-only queries on the service's database while it runs, the same SQL on both dialects. Counts
 * are CAST to INTEGER: PostgreSQL's count(*) is a bigint, which pg hands over as a string.
 */
interface Probe {
  /** Rows, or null while the database does not exist yet. */
  rows<T>(sql: string): Promise<T[] | null>;
  close(): Promise<void>;
}

function sqliteProbe(file: string): Probe {
  return {
    async rows<T>(sql: string) {
      if (!existsSync(file)) return null;
      const conn = new Database(file, { readonly: true });
      try {
        return conn.prepare(sql).all() as T[];
      } catch (error) {
        // Tables appear with the first start's migrations.
        if (/no such table/.test((error as Error).message)) return null;
        throw error;
      } finally {
        conn.close();
      }
    },
    async close() {},
  };
}

function postgresProbe(url: string): Probe {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    async rows<T>(sql: string) {
      try {
        return (await pool.query(sql)).rows as T[];
      } catch (error) {
        if ((error as { code?: string }).code === '42P01') return null; // no such table yet
        throw error;
      }
    },
    close: () => pool.end(),
  };
}

interface Variant {
  name: string;
  database: 'sqlite' | 'postgresql';
  instances: number;
}
const VARIANTS: Variant[] = [
  { name: 'SQLite, one instance', database: 'sqlite', instances: 1 },
  { name: 'PostgreSQL, two instances', database: 'postgresql', instances: 2 },
];

let dovecot: DovecotServer;
let smtp: SmtpReceiver;
let postgres: PostgresServer;
beforeAll(async () => {
  [dovecot, smtp, postgres] = await Promise.all([
    startDovecot({ users: VARIANTS.map((_, v) => `pengaduan${v}`) }),
    startSmtpReceiver(),
    startPostgres(),
  ]);
});
afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop(), postgres?.stop()]);
});

describe.each(VARIANTS.map((variant, v) => ({ ...variant, v })))(
  `crash consistency, $name (${MESSAGES} messages, ${KILLS} kills, seed ${SEED})`,
  ({ database, instances, v }) => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'aduan-crash-'));
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('loses nothing, registers nothing twice and reuses no number, whenever the service is killed', async () => {
      const user = `pengaduan${v}`;
      // Each run has its own mailbox, database and slice of the SMTP receiver's log.
      const seed = SEED + v;
      const smtpFrom = smtp.received.length;
      const databaseUrl =
        database === 'sqlite' ? `file:${dir}/aduan.db` : await postgres.createDatabase(`bukti_${v}`);
      const probe =
        database === 'sqlite' ? sqliteProbe(path.join(dir, 'aduan.db')) : postgresProbe(databaseUrl);
      const config = path.join(dir, 'aduan.config.yaml');
      // JSON is YAML: the service reads it as an operator's file.
      await writeFile(
        config,
        JSON.stringify({
          ...BALANGAN_OFFICE,
          database: { url: databaseUrl },
          dataDir: `${dir}/data`,
          mailboxes: [dovecot.mailbox(user, { pollSeconds: 1 })],
          delivery: { type: 'smtp', host: '127.0.0.1', port: smtp.port, secure: false },
        }),
      );
      // The office's directory first (it creates the database), as an operator sets up.
      await promisify(execFile)(process.execPath, [BIN, 'people', 'import', DIRECTORY, '-c', config], {
        cwd: dir,
      });

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
      const messages = Array.from({ length: MESSAGES }, (_, n) => message(n, seed));
      const bursts = KILLS * 3;
      const feeding = (async () => {
        for (let burst = 0; burst < bursts; burst++) {
          const from = Math.floor((burst * MESSAGES) / bursts);
          const to = Math.floor(((burst + 1) * MESSAGES) / bursts);
          await dovecot.appendMany(
            user,
            'INBOX',
            messages.slice(from, to).map((m) => m.raw),
          );
          await sleep(400);
        }
      })();

      // The officials: each task mail that reaches them is answered once, by reply, into the
      // mailbox its Reply-To names. A task mail SMTP saw twice carries the same token: one answer.
      const answered = new Set<string>();
      const replyIds: string[] = [];
      let officialsRead = smtpFrom;
      const answerTaskMails = async () => {
        const arrived = smtp.received.slice(officialsRead);
        officialsRead += arrived.length;
        const replies: Buffer[] = [];
        for (const mail of arrived) {
          const reply = await replyTo(mail);
          if (reply) replies.push(reply);
        }
        if (replies.length) await dovecot.appendMany(user, 'INBOX', replies);
      };
      const replyTo = async (mail: ReceivedMail): Promise<Buffer | null> => {
        const official = mail.to[0] ?? '';
        if (!ANSWERS[official] || !/^X-Aduan-Kind: task$/im.test(mail.header)) return null;
        const task = await simpleParser(`${mail.header}\r\n\r\n`);
        const token = task.replyTo?.value[0]?.address ?? '';
        if (answered.has(token)) return null;
        answered.add(token);
        const messageId = `<jawab-${answered.size}-${seed}@balangankab.go.id>`;
        replyIds.push(messageId);
        return composeMail({
          from: official,
          to: token,
          subject: `Re: ${task.subject ?? ''}`,
          text: `${ANSWERS[official]}\n\n> ${task.subject ?? ''}`,
          inReplyTo: task.messageId ?? '',
          messageId,
        });
      };
      let officialsAtWork = true;
      const officials = (async () => {
        while (officialsAtWork) {
          await answerTaskMails();
          await sleep(200);
        }
      })();

      /** What is still waiting, and the end of the service's log, for a run that did not settle. */
      async function diagnosis(): Promise<string> {
        const tail = (await readFile(path.join(dir, 'service.log'), 'utf8'))
          .split('\n')
          .slice(-40)
          .join('\n');
        const state = {
          inbound: await probe.rows(
            'SELECT status, CAST(count(*) AS INTEGER) AS n FROM inbound_messages GROUP BY status',
          ),
          steps: await probe.rows(
            'SELECT current_step_id AS step, CAST(count(*) AS INTEGER) AS n FROM complaints GROUP BY current_step_id',
          ),
          waiting: await probe.rows(
            "SELECT dedupe_key, attempts, next_attempt_at, claimed_by, last_error FROM outbox WHERE status = 'pending' LIMIT 5",
          ),
          leases: await probe.rows('SELECT * FROM leases'),
          inbox: await dovecot.count(user, 'INBOX'),
        };
        return `${JSON.stringify(state, null, 1)}\n${tail}`;
      }

      // The kills: each round starts whatever is not running, waits a random while (anywhere from
      // the middle of start-up to the middle of a batch), and kills one instance, or all of them.
      const next = seededRandom(seed);
      const running: (ChildProcess | null)[] = Array.from({ length: instances }, () => null);
      let kills = 0;
      while (kills < KILLS) {
        for (let i = 0; i < instances; i++) running[i] ??= start();
        await sleep(300 + next() * 2_200);
        for (const child of running) {
          // A service that ended by itself (it could not start) is a failure of its own.
          if (child && child.exitCode !== null)
            throw new Error(`aduan start exited with ${child.exitCode}:\n${await diagnosis()}`);
        }
        const victims = instances > 1 && next() < 0.3 ? running.keys() : [Math.floor(next() * instances)];
        for (const i of [...victims]) {
          const child = running[i]!;
          const exited = once(child, 'exit');
          child.kill('SIGKILL');
          await exited;
          running[i] = null;
          kills++;
        }
      }
      await feeding;

      // The last round runs until everything is taken, answered and sent, then stops cleanly.
      for (let i = 0; i < instances; i++) running[i] ??= start();
      const count = async (sql: string) => (await probe.rows<{ n: number }>(sql))?.[0]?.n ?? 0;
      const registeredCount = MESSAGES - messages.filter((_, n) => isEmpty(n)).length;
      const settled = async () =>
        (await count(
          "SELECT CAST(count(*) AS INTEGER) AS n FROM inbound_messages WHERE status IN ('registered', 'quarantined')",
        )) >= MESSAGES &&
        (await count(
          `SELECT CAST(count(*) AS INTEGER) AS n FROM complaints WHERE current_step_id = '${WAITING_STEP}'`,
        )) === registeredCount &&
        (await count(
          "SELECT CAST(count(*) AS INTEGER) AS n FROM inbound_messages WHERE status = 'received'",
        )) === 0 &&
        (await count("SELECT CAST(count(*) AS INTEGER) AS n FROM outbox WHERE status = 'pending'")) === 0 &&
        (await dovecot.count(user, 'INBOX')) === 0;
      const deadline = Date.now() + 240_000;
      while (!(await settled())) {
        if (Date.now() > deadline) throw new Error(`not settled after 4 minutes:\n${await diagnosis()}`);
        await sleep(300);
      }
      officialsAtWork = false;
      await officials;
      for (const child of running) {
        const exited = once(child!, 'exit');
        child!.kill('SIGTERM');
        await exited;
      }
      log.end();

      try {
        // Every message exactly once, decided: complaints registered or quarantined, replies taken.
        const inbound = (await probe.rows<{ id: string; status: string; n: number }>(
          'SELECT message_id_header AS id, status, CAST(count(*) AS INTEGER) AS n FROM inbound_messages GROUP BY message_id_header, status',
        ))!;
        expect(inbound.filter((row) => row.n !== 1)).toEqual([]);
        expect(inbound.length).toBe(MESSAGES + replyIds.length);
        const complaintMail = inbound.filter((row) => row.status !== 'command');
        expect(new Set(complaintMail.map((row) => row.id))).toEqual(
          new Set(messages.map((m) => m.messageId)),
        );
        expect(new Set(inbound.filter((row) => row.status === 'command').map((row) => row.id))).toEqual(
          new Set(replyIds),
        );
        const quarantined = inbound.filter((row) => row.status === 'quarantined').map((row) => row.id);
        expect(new Set(quarantined)).toEqual(
          new Set(messages.filter((_, n) => isEmpty(n)).map((m) => m.messageId)),
        );
        const registered = inbound.filter((row) => row.status === 'registered').length;
        expect(registered).toBe(registeredCount);

        // Numbers run 1..n: none skipped, none used twice.
        const serial = (text: string) => Number(/(\d+)/.exec(text)![1]);
        const oneToN = Array.from({ length: registered }, (_, k) => k + 1);
        const numbersOf = (list: string[]) => list.map(serial).sort((a, b) => a - b);
        const complaints = (await probe.rows<{ tracking: string; agenda: string }>(
          'SELECT tracking_number AS tracking, agenda_number AS agenda FROM complaints',
        ))!;
        expect(complaints).toHaveLength(registered);
        expect(numbersOf(complaints.map((c) => c.tracking.split('-').at(-1)!))).toEqual(oneToN);
        expect(numbersOf(complaints.map((c) => c.agenda))).toEqual(oneToN);
        // One lembar disposisi per complaint, from PUPR's head, numbered 1..n in PUPR's sequence.
        const sheets = (await probe.rows<{ complaint: string; number: string; unit: string }>(
          "SELECT complaint_id AS complaint, number, unit_code AS unit FROM documents WHERE kind = 'lembar_disposisi'",
        ))!;
        expect(sheets).toHaveLength(registered);
        expect(new Set(sheets.map((s) => s.complaint)).size).toBe(registered);
        expect(new Set(sheets.map((s) => s.unit))).toEqual(new Set(['pupr']));
        // '{klasifikasi}/{urut}/{unit}/{tahun}': the second field is the serial.
        expect(numbersOf(sheets.map((s) => s.number.split('/')[1]!))).toEqual(oneToN);

        // One acknowledgement per complaint, queued once and sent.
        const acks = (await probe.rows<{ complaint: string; status: string }>(
          'SELECT complaint_id AS complaint, status FROM outbox WHERE headers LIKE \'%"X-Aduan-Kind":"acknowledgement"%\'',
        ))!;
        expect(acks).toHaveLength(registered);
        expect(new Set(acks.map((a) => a.complaint)).size).toBe(registered);
        expect(acks.filter((a) => a.status !== 'sent')).toEqual([]);

        // SMTP: everything the outbox calls sent arrived; a duplicate only where a kill fell
        // between the server's acceptance and the commit of "sent".
        const sent = (await probe.rows<{ id: string }>(
          "SELECT message_id AS id FROM outbox WHERE status = 'sent'",
        ))!;
        const arrivals = new Map<string, number>();
        for (const mail of smtp.received.slice(smtpFrom))
          arrivals.set(mail.messageId ?? '', (arrivals.get(mail.messageId ?? '') ?? 0) + 1);
        expect(sent.filter((row) => !arrivals.has(row.id))).toEqual([]);
        const duplicates = [...arrivals.values()].reduce((sum, n) => sum + n - 1, 0);
        expect(duplicates).toBeLessThanOrEqual(kills);
        expect(await dovecot.count(user, 'Diproses')).toBe(MESSAGES + replyIds.length);

        const serviceLog = await readFile(path.join(dir, 'service.log'), 'utf8');
        const summary = {
          database,
          instances,
          messages: MESSAGES,
          replies: replyIds.length,
          kills,
          seed,
          registered,
          quarantined: quarantined.length,
          dispositionSheets: sheets.length,
          smtpDuplicates: duplicates,
          claimsReleasedAfterKill:
            serviceLog.match(/mails claimed by a stopped process are due again/g)?.length ?? 0,
        };
        console.log(`crash consistency: ${JSON.stringify(summary)}`);
      } finally {
        await probe.close();
      }
    }, 900_000);
  },
);
