/**
 * A private, throwaway PostgreSQL cluster for tests (and for scripts/new-migration.ts' shadow
 * database): initdb into a mkdtemp folder under /tmp, started on a free loopback port with
 * durability switched off, stopped with `pg_ctl -m immediate` and deleted afterwards.
 *
 *   const pg = await startPostgres();             // ~1 s; one cluster per test file
 *   const url = await pg.createDatabase();        // a fresh, empty database per test
 *   await pg.stop();
 *
 * PostgreSQL refuses to run as root, so as root every server command goes through
 * `runuser -u postgres --` (the user the Debian package creates) and the folder is chowned to it.
 * Missing binaries are an error, never a silent skip: CI installs `postgresql` from apt.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresServer {
  /** URL of a database created at start (`aduan_test`), as user postgres without password. */
  url: string;
  /** Creates another empty database and returns its URL (a random name unless given). */
  createDatabase(name?: string): Promise<string>;
  /**
   * A restart as an operator does it: a fast shutdown (every connection cut, commits kept: the
   * test cluster runs without fsync, so an immediate one could lose the last ones), then a start
   * on the same port with the same data.
   */
  restart(): Promise<void>;
  /** Immediate shutdown, then the folder is removed. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findBinaries();
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp('/tmp/aduan-pg-');
  const data = join(dir, 'data');
  const exec = (file: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  let port: number;
  let options = '';
  const startServer = () =>
    exec(join(bin, 'pg_ctl'), [
      '-w',
      '-t',
      '30',
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-o',
      options,
      'start',
    ]);
  try {
    if (asRoot) {
      const [uid, gid] = await Promise.all([idOf('-u'), idOf('-g')]);
      await chown(dir, uid, gid);
    }
    await exec(join(bin, 'initdb'), [
      '--no-sync',
      '--no-instructions',
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '-D',
      data,
    ]);
    // A free port can be taken between probing and binding; try again on another one.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      options = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      try {
        await startServer();
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  } catch (error) {
    const log = await readFile(join(dir, 'server.log'), 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not start a private PostgreSQL cluster: ${(error as Error).message}\n${log}`, {
      cause: error,
    });
  }

  // If the test process dies without calling stop(), do not leave a postmaster behind.
  const killOnExit = () => {
    const pid = postmasterPid(data);
    if (pid) {
      try {
        process.kill(pid, 'SIGQUIT'); // PostgreSQL's "immediate shutdown"
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  const baseUrl = `postgresql://postgres@127.0.0.1:${port}`;
  const createDatabase = async (name = `t_${crypto.randomUUID().replaceAll('-', '')}`) => {
    const client = new pg.Client({ connectionString: `${baseUrl}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    } finally {
      await client.end();
    }
    return `${baseUrl}/${encodeURIComponent(name)}`;
  };
  const url = await createDatabase('aduan_test');

  let stopped = false;
  return {
    url,
    createDatabase,
    async restart() {
      await exec(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      await startServer();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      await exec(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() =>
        killOnExit(),
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The folder holding initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<newest>/bin. */
function findBinaries(): string {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && has(dir)) return dir;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const dir = join(root, version, 'bin');
    if (has(dir)) return dir;
  }
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin. ' +
      'Install them with: apt-get install -y postgresql',
  );
}

async function idOf(flag: '-u' | '-g'): Promise<number> {
  try {
    const { stdout } = await run('id', [flag, 'postgres']);
    return Number(stdout.trim());
  } catch {
    throw new Error(
      'Running as root but there is no "postgres" user to run the server as (apt-get install -y postgresql creates it).',
    );
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

function postmasterPid(data: string): number | null {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
