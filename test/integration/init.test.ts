import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load-config.ts';
import { openStore } from '../../src/db/open-store.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';

// `aduan init` as an installer runs it: a real process, answers from a file (or typed), connections
// tested against a real Dovecot and a real SMTP receiver, a config and a directory written.

const BIN = path.resolve(import.meta.dirname, '../../bin/aduan.js');
let dovecot: DovecotServer;
let smtp: SmtpReceiver;
let dir: string;
beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot({ users: ['pengaduan'] }), startSmtpReceiver()]);
  dir = await mkdtemp(path.join(tmpdir(), 'aduan-init-'));
});
afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function aduan(args: string[], input?: string): Promise<{ code: number; out: string }> {
  if (input === undefined) {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: dir });
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  }
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdin.end(input);
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  return { code, out };
}

/** An answers file as an installer writes it (docs/install-debian.md). */
interface InitAnswers {
  mailbox: Record<string, unknown>;
  delivery: Record<string, unknown>;
  [section: string]: unknown;
}

function answers(change: (a: InitAnswers) => void = () => {}): InitAnswers {
  const mailbox = dovecot.mailbox('pengaduan');
  const a: InitAnswers = {
    office: {
      name: 'Dinas Komunikasi dan Informatika Kabupaten Karanganyar',
      shortName: 'DISKOMINFO',
      address: 'pengaduan@karanganyarkab.go.id',
      timeZone: 'WIB',
      kop: {
        pemerintah: 'Pemerintah Kabupaten Karanganyar',
        instansi: 'Dinas Komunikasi dan Informatika',
        alamat: 'Jl. Lawu No. 385 Karanganyar',
      },
    },
    sop: 'karanganyar',
    database: 'sqlite',
    mailbox: {
      type: 'imap',
      host: mailbox.host,
      port: mailbox.port,
      secure: false,
      user: mailbox.user,
      password: mailbox.password,
    },
    fax: { enabled: false },
    delivery: { type: 'smtp', host: '127.0.0.1', port: smtp.port, secure: false },
    people: {
      admin_kabupaten: { name: 'Sri Lestari', email: 'admin.aduan@karanganyarkab.go.id' },
      grup_aduan: { name: 'Sri Lestari', email: 'admin.aduan@karanganyarkab.go.id' },
      pimpinan: { name: 'Drs. Bambang', email: 'kadis@karanganyarkab.go.id' },
    },
    monitoringPort: 9464,
  };
  change(a);
  return a;
}

describe('aduan init', { timeout: 90_000 }, () => {
  it('writes a commented config and the directory from an answers file, after testing IMAP and SMTP', async () => {
    const file = path.join(dir, 'jawaban.yaml');
    const people = { name: 'Sri Lestari', email: 'admin.aduan@karanganyarkab.go.id' };
    await writeFile(
      file,
      stringify(
        answers((a) => {
          // Karanganyar's Diskominfo roles; one person may hold two.
          a.people = {
            admin_kabupaten: people,
            grup_aduan: people,
            pimpinan: { name: 'Drs. Bambang', email: 'kadis@karanganyarkab.go.id' },
          };
        }),
      ),
    );
    const run = await aduan(['init', '--answers', file, '-o', 'kantor/aduan.config.yaml']);
    expect(run.out).toMatch(/✓ mailbox pengaduan: logged in/);
    expect(run.out).toMatch(/✓ SMTP: 127\.0\.0\.1:\d+ accepts us/);
    expect(run.code).toBe(0);
    const config = path.join(dir, 'kantor', 'aduan.config.yaml');
    expect(statSync(config).mode & 0o777).toBe(0o600);
    const text = await readFile(config, 'utf8');
    expect(text).toMatch(/^# Kotak Aduan: dibuat oleh `aduan init`/);
    expect(text).toMatch(/# Kotak surat yang dibaca/);
    const loaded = loadConfig({ file: config, env: {} });
    expect(loaded.config).toMatchObject({
      sop: 'karanganyar',
      office: { timeZone: 'Asia/Jakarta', kop: { pemerintah: 'Pemerintah Kabupaten Karanganyar' } },
      mailboxes: [{ name: 'pengaduan', type: 'imap', port: dovecot.mailbox('pengaduan').port }],
      delivery: { type: 'smtp', port: smtp.port },
      monitoring: { port: 9464 },
    });
    // The database is migrated and holds the people given.
    const store = await openStore(`file:${path.join(dir, 'kantor', 'data', 'aduan.db')}`);
    try {
      const roles = await store.repos.directory.roles(new Date());
      expect(roles.map((r) => [r.roleKey, r.person.email]).sort()).toEqual([
        ['admin_kabupaten', 'admin.aduan@karanganyarkab.go.id'],
        ['grup_aduan', 'admin.aduan@karanganyarkab.go.id'],
        ['pimpinan', 'kadis@karanganyarkab.go.id'],
      ]);
    } finally {
      await store.close();
    }
    // A second run does not overwrite it.
    expect((await aduan(['init', '--answers', file, '-o', 'kantor/aduan.config.yaml'])).code).toBe(2);
  });

  it('says what failed and how to fix it, and writes nothing, when a connection fails', async () => {
    const file = path.join(dir, 'salah.yaml');
    await writeFile(
      file,
      stringify(
        answers((a) => {
          a.mailbox.password = 'bukan-sandinya';
          a.delivery.port = 1;
        }),
      ),
    );
    const run = await aduan(['init', '--answers', file, '-o', 'salah/aduan.config.yaml']);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/nothing written: 2 connection\(s\) failed/);
    expect(run.out).toMatch(/the server refused the login/);
    expect(run.out).toMatch(/→ .*password/);
    expect(run.out).toMatch(/→ check delivery\.host and delivery\.port/);
    expect(existsSync(path.join(dir, 'salah', 'aduan.config.yaml'))).toBe(false);
  });

  it('names a missing answer by its place in the file', async () => {
    const file = path.join(dir, 'kurang.yaml');
    await writeFile(file, stringify(answers((a) => delete a.mailbox.host)));
    const run = await aduan(['init', '--answers', file, '-o', 'kurang/aduan.config.yaml']);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/mailbox\.host is missing/);
  });

  it('asks in Indonesian at the terminal, defaults on Enter, and asks again on a wrong or empty answer', async () => {
    const office = [
      'Diskominfo Provinsi Kalimantan Timur', // office.name
      '', // shortName: DISKOMINFO
      'pengaduan@kaltimprov.go.id',
      'WITO', // not a choice: asked again
      'wita', // WITA, whatever the case
      'Pemerintah Provinsi Kalimantan Timur',
      'Dinas Komunikasi dan Informatika',
      'Jl. Basuki Rahmat No. 41 Samarinda',
      '', // telepon: none
      '', // e-mail: none
      'kaltim', // sop
      '', // dataDir: ./data
      '', // database: sqlite
      'maildir', // mailbox type
      '', // path: in the data folder
      '', // fax: tidak
      'maildir', // delivery
    ];
    const people = [
      '', // the operator's name is required: asked again
      'Andi Pratama',
      'operator@kaltimprov.go.id',
      ...['Tim Diskominfo', 'tim@kaltimprov.go.id', 'Kasi Opini', 'kasi@kaltimprov.go.id'],
      ...['Kabid IKP', 'kabid@kaltimprov.go.id'],
    ];
    const closing = ['', ''];
    const run = await aduan(
      ['init', '-o', 'kaltim/aduan.config.yaml', '--no-check'],
      `${[...office, ...people, ...closing].join('\n')}\n`,
    );
    expect(run.out).toMatch(/Nama instansi \(lengkap\)/);
    expect(run.out).toMatch(/pilih salah satu: WIB, WITA, WIT/);
    expect(run.out).toMatch(/wajib diisi/);
    expect(run.code, run.out).toBe(0);
    const loaded = loadConfig({ file: path.join(dir, 'kaltim', 'aduan.config.yaml'), env: {} });
    expect(loaded.config).toMatchObject({
      sop: 'kaltim',
      office: { timeZone: 'Asia/Makassar', shortName: 'DISKOMINFO' },
      mailboxes: [{ type: 'maildir', path: './data/mail/inbox' }],
      delivery: { type: 'maildir', path: './data/mail/outbox' },
      monitoring: { port: 9464 },
    });
  });

  it('writes nothing when the input ends before every question is answered', async () => {
    const run = await aduan(['init', '-o', 'separuh/aduan.config.yaml'], 'Diskominfo\n\n');
    expect(run.out).toMatch(/the input ended before every question was answered; nothing written/);
    expect(run.code).toBe(2);
    expect(existsSync(path.join(dir, 'separuh', 'aduan.config.yaml'))).toBe(false);
  });
});

describe('a new office, as its installer tries it', { timeout: 120_000 }, () => {
  it('init, start, a complaint arrives, aduan status shows it, /metrics counts it', async () => {
    const port = await freePort();
    const file = path.join(dir, 'baru.yaml');
    await writeFile(file, stringify(answers((a) => (a.monitoringPort = port))));
    expect((await aduan(['init', '--answers', file, '-o', 'baru/aduan.config.yaml'])).code).toBe(0);
    const config = path.join('baru', 'aduan.config.yaml');
    const service = spawn(process.execPath, [BIN, 'start', '-c', config], { cwd: dir, stdio: 'ignore' });
    try {
      await dovecot.appendMany('pengaduan', 'INBOX', [await readFile(EXAMPLE)]);
      const metrics = async () =>
        (await fetch(`http://127.0.0.1:${port}/metrics`)
          .then((r) => r.text())
          .catch(() => '')) || '';
      const deadline = Date.now() + 60_000;
      while (!(await metrics()).includes('aduan_inbound_messages_total{status="registered"} 1')) {
        if (Date.now() > deadline) throw new Error(`not registered in 60 s:\n${await metrics()}`);
        await sleep(250);
      }
      // Healthy once its first cycle (with the start-up's reports) has finished.
      const healthy = async () =>
        (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status === 200;
      while (!(await healthy())) {
        if (Date.now() > deadline) throw new Error('/healthz not 200 within 60 s');
        await sleep(250);
      }
      const status = await aduan(['status', '-c', config]);
      expect(status.code).toBe(0);
      expect(status.out).toMatch(/Open complaints: 1\n\s+1 {2}1\. /);
      const doctor = await aduan(['doctor', '-c', config]);
      expect(doctor.out).toMatch(/✓ service +http:\/\/127\.0\.0\.1:\d+\/healthz: running, healthy/);
    } finally {
      service.kill('SIGTERM');
      await once(service, 'exit');
    }
  });
});

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/mail/email-gmail-jalan-rusak.eml');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
