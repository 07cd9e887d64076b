/**
 * A private, throwaway Dovecot (IMAP) for tests and the benchmark: its own config, passwd-file and
 * maildirs in a mkdtemp folder under /tmp, listening on a free loopback port, plain LOGIN without TLS.
 *
 *   const dovecot = await startDovecot({ users: ['pengaduan'] });   // ~0.1 s
 *   await dovecot.appendRaw('pengaduan', 'INBOX', raw);
 *   await dovecot.restart();                                         // same port, same mail
 *   await dovecot.stop();
 *
 * Dovecot refuses to run as root, so as root the server (and doveadm) run as the `dovecot` user the
 * Debian package creates (`runuser -u dovecot --`), with the chroots emptied (chroot needs root).
 * A missing binary is an error, never a silent skip: CI installs `dovecot-imapd` from apt.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import type { ImapMailboxConfig } from '../../src/mail/imap/imap-client.ts';

const run = promisify(execFile);
const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotServer {
  host: string;
  port: number;
  /** Each configured user with its password. */
  users: Record<string, DovecotUser>;
  /** Stores a message as another mail client would (IMAP APPEND); returns its UID. */
  appendRaw(user: string, folder: string, raw: string | Uint8Array, date?: Date): Promise<number>;
  /** Appends many messages over one connection (the benchmark's load). */
  appendMany(user: string, folder: string, raws: Iterable<Uint8Array>): Promise<number>;
  /** Messages in a folder (0 when it does not exist). */
  count(user: string, folder: string): Promise<number>;
  /** A connected, logged-in client of the caller's own; the caller logs it out. */
  client(user: string): Promise<ImapFlow>;
  /** Gives the folder a new UIDVALIDITY (doveadm mailbox update), as a restore or a rebuild would. */
  changeUidValidity(user: string, folder: string): Promise<bigint>;
  /** Stops the server (SIGTERM) and starts it again on the same port with the same mail. */
  restart(): Promise<void>;
  /** Stops the server and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
  /** Dovecot's own log, for failing tests. */
  log(): Promise<string>;
  /** The desk's mailbox as `aduan.config.yaml` would configure it, reading this server's `user`. */
  mailbox(user: string, extra?: Partial<ImapMailboxConfig>): ImapMailboxConfig;
}

export async function startDovecot(options: { users: string[] }): Promise<DovecotServer> {
  const binary = DOVECOT.find((file) => existsSync(file));
  if (!binary) {
    throw new Error(
      'Dovecot not found (/usr/sbin/dovecot). The IMAP tests need a real server: apt-get install -y dovecot-imapd',
    );
  }
  const asRoot = process.getuid?.() === 0;
  const account = asRoot ? await dovecotAccount() : currentAccount();
  const dir = await mkdtemp('/tmp/aduan-dovecot-');
  const conf = path.join(dir, 'dovecot.conf');
  const as = (file: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', account.name, '--', file, ...args]) : run(file, args);
  const users: Record<string, DovecotUser> = {};
  for (const user of options.users) users[user] = { user, password: `rahasia-${user}` };

  let port = 0;
  const start = async () => {
    // The master daemonizes and keeps inherited pipes open, so it gets none: wait for the exit instead.
    await daemon(
      asRoot ? 'runuser' : binary,
      asRoot ? ['-u', account.name, '--', binary, '-c', conf] : ['-c', conf],
    );
    await waitForGreeting(port);
  };
  try {
    await Promise.all(['run', 'state', 'log', 'mail', 'home'].map((sub) => mkdir(path.join(dir, sub))));
    await writeFile(
      path.join(dir, 'passwd'),
      Object.values(users)
        .map((u) => `${u.user}:{PLAIN}${u.password}:${account.uid}:${account.gid}::${dir}/home/${u.user}::\n`)
        .join(''),
    );
    // A free port can be taken between probing and binding; try again on another one.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      await writeFile(conf, dovecotConf(dir, port, account));
      if (asRoot) await chownTree(dir, account);
      try {
        await start();
        break;
      } catch (error) {
        await stopMaster(dir);
        if (attempt >= 3) throw error;
      }
    }
  } catch (error) {
    const log = await readFile(path.join(dir, 'log', 'dovecot.log'), 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not start a private Dovecot: ${(error as Error).message}\n${log}`, {
      cause: error,
    });
  }

  // If the test process dies without calling stop(), do not leave a Dovecot behind.
  const killOnExit = () => {
    const pid = masterPid(dir);
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  const connect = async (user: string) => {
    const login = users[user];
    if (!login) throw new Error(`no Dovecot user ${user}; configured: ${Object.keys(users).join(', ')}`);
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: login.user, pass: login.password },
      logger: false,
      disableAutoIdle: true,
    });
    client.on('error', () => {}); // a restart drops these helper connections; the caller sees the failure
    await client.connect();
    return client;
  };
  const withClient = async <T>(user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = await connect(user);
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  const ensureFolder = async (client: ImapFlow, folder: string) => {
    if (folder.toUpperCase() !== 'INBOX') await client.mailboxCreate(folder);
  };

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    users,
    appendRaw: (user, folder, raw, date) =>
      withClient(user, async (client) => {
        await ensureFolder(client, folder);
        const result = await client.append(
          folder,
          typeof raw === 'string' ? Buffer.from(raw) : raw,
          [],
          date,
        );
        if (!result || result.uid === undefined) throw new Error(`APPEND to ${user}/${folder} failed`);
        return result.uid;
      }),
    appendMany: (user, folder, raws) =>
      withClient(user, async (client) => {
        await ensureFolder(client, folder);
        let appended = 0;
        for (const raw of raws) {
          if (!(await client.append(folder, raw))) throw new Error(`APPEND to ${user}/${folder} failed`);
          appended++;
        }
        return appended;
      }),
    count: (user, folder) =>
      withClient(user, async (client) => {
        const list = await client.list();
        if (!list.some((m) => m.path.toUpperCase() === folder.toUpperCase())) return 0;
        const status = await client.status(folder, { messages: true });
        if (!status) throw new Error(`STATUS of ${user}/${folder} failed`);
        return status.messages ?? 0;
      }),
    client: connect,
    async changeUidValidity(user, folder) {
      const status = await withClient(user, (c) => c.status(folder, { uidValidity: true }));
      if (!status || status.uidValidity === undefined) throw new Error(`STATUS of ${user}/${folder} failed`);
      const next = status.uidValidity + 1000n;
      await as('/usr/bin/doveadm', [
        '-c',
        conf,
        'mailbox',
        'update',
        '-u',
        user,
        '--uid-validity',
        String(next),
        folder,
      ]);
      return next;
    },
    async restart() {
      await stopMaster(dir);
      await start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      await stopMaster(dir);
      await rm(dir, { recursive: true, force: true });
    },
    log: () => readFile(path.join(dir, 'log', 'dovecot.log'), 'utf8').catch(() => ''),
    mailbox: (user, extra = {}) => ({
      name: 'pengaduan',
      role: 'complaints',
      type: 'imap',
      host: '127.0.0.1',
      port,
      secure: false,
      user,
      password: users[user]!.password,
      folder: 'INBOX',
      processedFolder: 'Diproses',
      idle: true,
      pollSeconds: 60,
      ...extra,
    }),
  };
}

interface Account {
  name: string;
  uid: number;
  gid: number;
}

function dovecotConf(dir: string, port: number, account: Account): string {
  return `# Private test instance: everything inside ${dir}, loopback only, no TLS.
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/log/dovecot.log
info_log_path = ${dir}/log/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests log in wrongly on purpose: no 2 s failure delay (and no growing penalty, below).
auth_failure_delay = 0
default_internal_user = ${account.name}
default_internal_group = ${account.name}
default_login_user = ${account.name}
first_valid_uid = ${account.uid}
first_valid_gid = ${account.gid}
mail_location = maildir:${dir}/mail/%u
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

async function dovecotAccount(): Promise<Account> {
  try {
    const [uid, gid] = await Promise.all(
      ['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'dovecot'])).stdout.trim())),
    );
    return { name: 'dovecot', uid: uid!, gid: gid! };
  } catch {
    throw new Error(
      'Running as root but there is no "dovecot" user to run the server as (apt-get install -y dovecot-imapd creates it).',
    );
  }
}

function currentAccount(): Account {
  const me = userInfo();
  return { name: me.username, uid: me.uid, gid: me.gid };
}

async function chownTree(dir: string, account: Account): Promise<void> {
  await run('chown', ['-R', `${account.uid}:${account.gid}`, dir]);
  await chown(dir, account.uid, account.gid);
}

function daemon(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}`))));
  });
}

function masterPid(dir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dir, 'run', 'master.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * SIGTERM to the instance's process group (the master is its leader), then wait for the master to
 * exit. Dovecot 2.3 leaves IMAP sessions (and their log and stats processes) running for 5-10 s
 * after its master went: they get SIGKILL, so clients see the disconnect a restart means at once.
 */
async function stopMaster(dir: string): Promise<void> {
  const pid = masterPid(dir);
  if (!pid) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  for (let waited = 0; waited < 10_000 && alive(pid); waited += 20) await sleep(20);
  signal('SIGKILL');
}

/** Running, and not a zombie: in a container nobody may reap the daemonized master for a while. */
function alive(pid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once the server sends its "* OK" greeting on the port. */
async function waitForGreeting(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(false));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
    });
    if (greeted) return;
    if (Date.now() > deadline) throw new Error(`no IMAP greeting on 127.0.0.1:${port} within 10 s`);
    await sleep(10);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
