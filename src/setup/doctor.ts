/**
 * `aduan doctor`: a running set-up checked end to end, each check a line with what it found and,
 * when it is not right, what to change. Reads only: it migrates nothing and sends nothing.
 */
import { readFile, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { loadSop, SopFileError } from '../config/load-sop.ts';
import { checkReportRecipients } from '../config/check-report-recipients.ts';
import { hideSecrets } from '../config/hide-secrets.ts';
import type { AduanConfig } from '../config/config-schema.ts';
import { HOLIDAYS_2026 } from '../domain/calendar/holidays-2026.ts';
import { localDateKey } from '../domain/calendar/zoned-time.ts';
import type { SopDefinition } from '../domain/sop/sop-definition.ts';
import { migrationStatus } from '../db/migrate.ts';
import { openStore } from '../db/open-store.ts';
import { checkOcrData } from '../mail/fax/ocr-data.ts';
import { resolvePaths } from '../main.ts';
import {
  checkDkimRecord,
  checkImapMailbox,
  checkSmtp,
  type CheckResult,
  type ResolveTxt,
} from './connection-checks.ts';

export interface DoctorDeps {
  resolveTxt: ResolveTxt;
  clock: () => Date;
  /** Free bytes on the file system holding `dir`. */
  freeBytes?: (dir: string) => Promise<number>;
  /** Fetches a URL (the running service's /healthz). */
  fetch?: typeof fetch;
}

const GiB = 2 ** 30;

export async function runDoctor(
  options: { file?: string | undefined; env?: NodeJS.ProcessEnv },
  deps: DoctorDeps,
): Promise<CheckResult[]> {
  let loaded: LoadedConfig;
  let sop: SopDefinition;
  try {
    loaded = loadConfig({ file: options.file, ...(options.env ? { env: options.env } : {}) });
    sop = loadSop(loaded.config.sop, loaded.baseDir);
    checkReportRecipients(loaded.config, sop, loaded.file ?? 'defaults');
  } catch (error) {
    if (error instanceof ConfigError || error instanceof SopFileError)
      return [
        {
          name: 'config',
          status: 'fail',
          detail: error.message,
          fix: 'correct the keys named above, then run aduan doctor again',
        },
      ];
    throw error;
  }
  const config = resolvePaths(loaded);
  const results: CheckResult[] = [
    {
      name: 'config',
      status: 'pass',
      detail: `${loaded.file ?? 'no file: the built-in defaults'}; SOP ${sop.id} (${sop.steps.length} steps), zone ${config.office.timeZone}`,
    },
  ];
  results.push(...(await checkDatabase(config, sop, deps)));
  for (const mailbox of config.mailboxes) {
    if (mailbox.type === 'imap') results.push(...(await checkImapMailbox(mailbox)));
    else
      results.push(
        await checkFolder(`mailbox ${mailbox.name}`, mailbox.path, 'the service creates it at start'),
      );
  }
  results.push(...(await checkDelivery(config, deps)));
  if (config.mailboxes.some((mailbox) => mailbox.role === 'fax')) results.push(await checkOcr(config));
  results.push(checkClock(config, deps.clock()));
  results.push(await checkDisk(config.dataDir, deps));
  if (config.replies.senderCheck === 'none')
    results.push({
      name: 'reply security',
      status: 'warn',
      detail: "officials' replies are trusted on their reply token and From address alone",
      fix: 'set replies.senderCheck: dkim once your mail server signs outgoing mail (or dmarc)',
    });
  if (config.monitoring.port !== undefined) results.push(await checkRunningService(config, deps));
  return results;
}

async function checkDatabase(
  config: AduanConfig,
  sop: SopDefinition,
  deps: DoctorDeps,
): Promise<CheckResult[]> {
  const url = config.database.url;
  const shown = hideSecrets({ database: { url } }).database.url;
  let status;
  try {
    status = await migrationStatus(url);
  } catch (error) {
    return [
      {
        name: 'database',
        status: 'fail',
        detail: `${shown}: ${(error as Error).message.split('\n')[0]}`,
        fix: 'check database.url (or $DATABASE_URL), that the server is up and the user may log in',
      },
    ];
  }
  if (status.failed.length || status.pending.length)
    return [
      {
        name: 'database',
        status: 'fail',
        detail: status.failed.length
          ? `migration ${status.failed.join(', ')} failed part-way`
          : `${status.pending.length} migration(s) not applied (${status.pending[0]}${status.pending.length > 1 ? ` … ${status.pending.at(-1)}` : ''})`,
        fix: status.failed.length
          ? 'restore the backup taken before the upgrade (docs/upgrading.md)'
          : 'run aduan db migrate (aduan start also applies them)',
      },
    ];
  const results: CheckResult[] = [
    {
      name: 'database',
      status: 'pass',
      detail: `${shown}: reachable, ${status.applied.length} migrations applied`,
    },
  ];
  const store = await openStore(url);
  try {
    const holders = await store.repos.directory.roles(deps.clock());
    const kindOf = new Map((await store.repos.directory.units()).map((unit) => [unit.code, unit.kind]));
    // A Diskominfo role needs a holder in Diskominfo; an OPD role one in some OPD.
    const missing = sop.roles
      .filter((role) => !holders.some((h) => h.roleKey === role.key && kindOf.get(h.unitCode) === role.unit))
      .map((role) => role.key);
    results.push(
      missing.length
        ? {
            name: 'directory',
            status: holders.length ? 'warn' : 'fail',
            detail: holders.length
              ? `no one holds ${missing.join(', ')} today: their tasks would reach nobody`
              : 'the directory is empty: no official would get a task',
            fix: 'aduan people import <directory.yaml> (see examples/directory/)',
          }
        : {
            name: 'directory',
            status: 'pass',
            detail: `every role of the SOP is held (${holders.length} assignments)`,
          },
    );
  } finally {
    await store.close();
  }
  return results;
}

async function checkDelivery(config: AduanConfig, deps: DoctorDeps): Promise<CheckResult[]> {
  const delivery = config.delivery;
  if (delivery.type === 'maildir')
    return [
      {
        name: 'delivery',
        status: 'warn',
        detail: `mail is written to ${delivery.path} and sent nowhere (the embedded mode)`,
        fix: 'set delivery: { type: smtp, host: … } to send it',
      },
    ];
  const results = [await checkSmtp(delivery)];
  if (delivery.dkim) {
    let key: string;
    try {
      key = await readFile(delivery.dkim.privateKeyFile, 'utf8');
    } catch (error) {
      results.push({
        name: 'DKIM record',
        status: 'fail',
        detail: `cannot read ${delivery.dkim.privateKeyFile} (${(error as NodeJS.ErrnoException).code})`,
        fix: 'point delivery.dkim.privateKeyFile at the PEM private key, readable by the service user',
      });
      return results;
    }
    results.push(await checkDkimRecord(delivery.dkim, key, deps.resolveTxt));
  }
  return results;
}

async function checkOcr(config: AduanConfig): Promise<CheckResult> {
  const ocr = await checkOcrData(config.fax.ocrDataPath);
  return ocr.ok
    ? { name: 'fax OCR data', status: 'pass', detail: ocr.file }
    : {
        name: 'fax OCR data',
        status: 'fail',
        detail: `${ocr.file} is ${ocr.problem}: faxes would all wait for typing in`,
        fix: 'apt-get install tesseract-ocr-ind, and set fax.ocrDataPath to the folder holding ind.traineddata',
      };
}

/** The office's zone is known to the schema; what can go wrong is a wrong machine clock or a year without holidays. */
function checkClock(config: AduanConfig, now: Date): CheckResult {
  const today = localDateKey(now, config.office.timeZone);
  const year = today.slice(0, 4);
  const holidays = config.office.holidays ?? HOLIDAYS_2026;
  if (Number(year) < 2026)
    return {
      name: 'clock',
      status: 'fail',
      detail: `the machine says it is ${today}`,
      fix: 'set the clock right (timedatectl set-ntp true)',
    };
  if (![...holidays, ...config.office.extraHolidays].some((day) => day.date.startsWith(year)))
    return {
      name: 'clock',
      status: 'warn',
      detail: `${today} in ${config.office.timeZone}, but no holiday is known for ${year}: time standards would run through them`,
      fix: `add ${year}'s holidays and cuti bersama under office.holidays (SKB 3 Menteri)`,
    };
  return {
    name: 'clock',
    status: 'pass',
    detail: `${today} in ${config.office.timeZone}; ${year}'s holidays known`,
  };
}

async function checkDisk(dataDir: string, deps: DoctorDeps): Promise<CheckResult> {
  const free = await (deps.freeBytes ?? freeBytesOn)(dataDir);
  const shown = `${(free / GiB).toFixed(1)} GiB free for ${dataDir}`;
  if (free < GiB)
    return {
      name: 'disk',
      status: 'fail',
      detail: shown,
      fix: 'free space or move dataDir: raw mail is kept there',
    };
  if (free < 5 * GiB)
    return {
      name: 'disk',
      status: 'warn',
      detail: shown,
      fix: 'raw mail and documents are kept for good: plan for more',
    };
  return { name: 'disk', status: 'pass', detail: shown };
}

async function checkFolder(name: string, folder: string, absent: string): Promise<CheckResult> {
  try {
    await stat(folder);
    return { name, status: 'pass', detail: `${folder} is there` };
  } catch {
    return { name, status: 'warn', detail: `${folder} does not exist yet`, fix: absent };
  }
}

async function checkRunningService(config: AduanConfig, deps: DoctorDeps): Promise<CheckResult> {
  const url = `http://${config.monitoring.host}:${config.monitoring.port}/healthz`;
  try {
    const response = await (deps.fetch ?? fetch)(url, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { status?: string; problems?: string[] };
    return response.ok
      ? { name: 'service', status: 'pass', detail: `${url}: running, healthy` }
      : {
          name: 'service',
          status: 'fail',
          detail: `${url}: ${body.problems?.join('; ') ?? response.status}`,
          fix: 'journalctl -u kotak-aduan says more',
        };
  } catch (error) {
    return {
      name: 'service',
      status: 'warn',
      detail: `${url} does not answer (${(error as Error).message})`,
      fix: 'is aduan start running? systemctl status kotak-aduan',
    };
  }
}

/** Free bytes on the file system of `dir`, or of its nearest existing parent. */
async function freeBytesOn(dir: string): Promise<number> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    try {
      const stats = await statfs(at);
      return stats.bavail * stats.bsize;
    } catch (error) {
      if (at === path.dirname(at)) throw error;
    }
  }
}
