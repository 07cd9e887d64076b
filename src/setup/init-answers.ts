/**
 * What `aduan init` asks, and how the answers become an office's config and directory. Pure: the
 * prompting, the connection checks and the files are the command's (src/cli/commands/init.ts).
 */
import { Document, isScalar, type Pair } from 'yaml';
import type { SopDefinition } from '../domain/sop/sop-definition.ts';

export type Language = 'id' | 'en';
type Text = Record<Language, string>;

export interface Question {
  /** Where the answer goes in an answers file, e.g. `mailbox.host`. */
  path: string;
  ask: Text;
  default?: string;
  choices?: readonly string[];
  /** Passwords: not echoed back in the summary. */
  secret?: boolean;
  /** Left empty, nothing is written (e.g. a kop line the office does not print). */
  optional?: boolean;
}

export const OFFICE_QUESTIONS: Question[] = [
  { path: 'office.name', ask: { id: 'Nama instansi (lengkap)', en: 'Office name (in full)' } },
  { path: 'office.shortName', ask: { id: 'Nama singkat', en: 'Short name' }, default: 'DISKOMINFO' },
  {
    path: 'office.address',
    ask: { id: 'Alamat e-mail pengaduan', en: 'Complaints e-mail address' },
  },
  {
    path: 'office.timeZone',
    ask: { id: 'Zona waktu', en: 'Time zone' },
    choices: ['WIB', 'WITA', 'WIT'],
    default: 'WIB',
  },
  {
    path: 'office.kop.pemerintah',
    ask: { id: 'Kop: pemerintah (mis. Pemerintah Kabupaten …)', en: 'Letterhead: government' },
  },
  { path: 'office.kop.instansi', ask: { id: 'Kop: nama dinas', en: 'Letterhead: office' } },
  { path: 'office.kop.alamat', ask: { id: 'Kop: alamat kantor', en: 'Letterhead: street address' } },
  { path: 'office.kop.telepon', ask: { id: 'Kop: telepon', en: 'Letterhead: telephone' }, optional: true },
  { path: 'office.kop.email', ask: { id: 'Kop: e-mail', en: 'Letterhead: e-mail' }, optional: true },
  {
    path: 'sop',
    ask: { id: 'SOP (preset atau berkas .yaml sendiri)', en: 'SOP (a preset or your own .yaml file)' },
    default: 'balangan',
  },
  {
    path: 'dataDir',
    ask: {
      id: 'Folder data (mis. /var/lib/kotak-aduan; relatif terhadap berkas konfigurasi)',
      en: 'Data folder (e.g. /var/lib/kotak-aduan; relative to the config file)',
    },
    default: './data',
  },
  {
    path: 'database',
    ask: {
      id: 'Basis data: sqlite, atau URL PostgreSQL (postgresql://…)',
      en: 'Database: sqlite, or a PostgreSQL URL (postgresql://…)',
    },
    default: 'sqlite',
  },
];

/** The complaints mailbox (`mailbox.…`) or the fax gateway's (`fax.…`). */
export function mailboxQuestions(prefix: 'mailbox' | 'fax'): Question[] {
  const what =
    prefix === 'mailbox'
      ? { id: 'Kotak surat pengaduan', en: 'Complaints mailbox' }
      : { id: 'Kotak surat faks', en: 'Fax mailbox' };
  const q = (path: string, id: string, en: string, extra: Partial<Question> = {}): Question => ({
    path: `${prefix}.${path}`,
    ask: { id: `${what.id}: ${id}`, en: `${what.en}: ${en}` },
    ...extra,
  });
  return [
    q(
      'type',
      'jenis (imap, atau maildir untuk folder di mesin ini)',
      'type (imap, or maildir for a folder here)',
      {
        choices: ['imap', 'maildir'],
        default: 'imap',
      },
    ),
    q('host', 'server IMAP', 'IMAP server'),
    q('port', 'port', 'port', { default: '993' }),
    q('secure', 'TLS langsung (ya untuk port 993)', 'implicit TLS (yes for port 993)', {
      choices: ['ya', 'tidak'],
      default: 'ya',
    }),
    q('user', 'nama pengguna (login)', 'login'),
    q('password', 'kata sandi', 'password', { secret: true }),
    q('folder', 'folder yang dibaca', 'folder read', { default: 'INBOX' }),
    q('processedFolder', 'folder untuk surat yang sudah diambil', 'folder for taken mail', {
      default: 'Diproses',
    }),
    q('path', 'folder Maildir', 'Maildir folder', {
      default: prefix === 'mailbox' ? './data/mail/inbox' : './data/mail/fax',
    }),
  ];
}

export const FAX_QUESTIONS: Question[] = [
  {
    path: 'fax.enabled',
    ask: { id: 'Ada gateway faks-ke-e-mail?', en: 'Is there a fax-to-e-mail gateway?' },
    choices: ['ya', 'tidak'],
    default: 'tidak',
  },
  ...mailboxQuestions('fax'),
  {
    path: 'fax.replyAddress',
    ask: {
      id: 'Alamat balasan faks ({nomor} = nomor faks)',
      en: 'Fax reply address ({nomor} = the fax number)',
    },
  },
];

export const DELIVERY_QUESTIONS: Question[] = [
  {
    path: 'delivery.type',
    ask: {
      id: 'Pengiriman surat: smtp, atau maildir (tidak dikirim)',
      en: 'Sending mail: smtp, or maildir (not sent)',
    },
    choices: ['smtp', 'maildir'],
    default: 'smtp',
  },
  { path: 'delivery.host', ask: { id: 'Server SMTP', en: 'SMTP server' } },
  { path: 'delivery.port', ask: { id: 'Port SMTP', en: 'SMTP port' }, default: '587' },
  {
    path: 'delivery.secure',
    ask: { id: 'TLS langsung (ya untuk port 465)', en: 'Implicit TLS (yes for port 465)' },
    choices: ['ya', 'tidak'],
    default: 'tidak',
  },
  {
    path: 'delivery.user',
    ask: { id: 'Login SMTP (kosongkan bila tanpa login)', en: 'SMTP login (empty: none)' },
    optional: true,
  },
  {
    path: 'delivery.password',
    ask: { id: 'Kata sandi SMTP', en: 'SMTP password' },
    secret: true,
    optional: true,
  },
];

/** One question per person: a Diskominfo role of the SOP and who holds it. */
export function peopleQuestions(sop: SopDefinition): Question[] {
  return sop.roles
    .filter((role) => role.unit === 'diskominfo')
    .flatMap((role) => [
      { path: `people.${role.key}.name`, ask: { id: `${role.title}: nama`, en: `${role.title}: name` } },
      { path: `people.${role.key}.email`, ask: { id: `${role.title}: e-mail`, en: `${role.title}: e-mail` } },
    ]);
}

export const CLOSING_QUESTIONS: Question[] = [
  {
    path: 'directory',
    ask: {
      id: 'Berkas direktori OPD untuk diimpor juga (kosongkan bila belum ada)',
      en: 'A directory file of the OPDs to import as well (empty: none yet)',
    },
    optional: true,
  },
  {
    path: 'monitoringPort',
    ask: {
      id: 'Port /healthz dan /metrics (kosongkan: tidak ada)',
      en: 'Port for /healthz and /metrics (empty: none)',
    },
    default: '9464',
    optional: true,
  },
];

/** Which questions apply, given the answers so far (an IMAP server is not asked of a Maildir). */
export function applies(question: Question, answers: Answers): boolean {
  const [section, field] = question.path.split('.');
  if (section === 'mailbox' || section === 'fax') {
    if (section === 'fax' && field !== 'enabled' && answers.get('fax.enabled') !== 'ya') return false;
    const type = answers.get(`${section}.type`);
    if (field === 'path') return type === 'maildir';
    if (['host', 'port', 'secure', 'user', 'password', 'folder', 'processedFolder'].includes(field!))
      return type === 'imap';
  }
  if (section === 'delivery' && field !== 'type') {
    if (answers.get('delivery.type') !== 'smtp') return false;
    if (field === 'password') return Boolean(answers.get('delivery.user'));
  }
  return true;
}

export type Answers = Map<string, string>;

/** An answers file's nested values as dotted paths: `{ mailbox: { host } }` → `mailbox.host`. */
export function flattenAnswers(value: unknown, prefix = '', into: Answers = new Map()): Answers {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value))
      flattenAnswers(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined && value !== null) {
    into.set(prefix, typeof value === 'boolean' ? (value ? 'ya' : 'tidak') : String(value));
  }
  return into;
}

const yes = (value: string | undefined) =>
  value === 'ya' || value === 'yes' || value === 'y' || value === 'true';

function mailboxConfig(
  answers: Answers,
  prefix: 'mailbox' | 'fax',
  name: string,
  role: 'complaints' | 'fax',
) {
  const get = (field: string) => answers.get(`${prefix}.${field}`);
  if (get('type') === 'maildir') return { name, role, type: 'maildir', path: get('path') };
  return {
    name,
    role,
    type: 'imap',
    host: get('host'),
    port: Number(get('port')),
    secure: yes(get('secure')),
    user: get('user'),
    password: get('password'),
    folder: get('folder'),
    processedFolder: get('processedFolder'),
  };
}

/** The config the answers describe, as the schema reads it. */
export function configFromAnswers(answers: Answers): Record<string, unknown> {
  const get = (path: string) => answers.get(path) || undefined;
  const kop = Object.fromEntries(
    ['pemerintah', 'instansi', 'alamat', 'telepon', 'email'].flatMap((line) => {
      const value = get(`office.kop.${line}`);
      return value ? [[line, value]] : [];
    }),
  );
  const database = get('database') ?? 'sqlite';
  const dataDir = get('dataDir') ?? './data';
  const mailboxes = [mailboxConfig(answers, 'mailbox', 'pengaduan', 'complaints')];
  if (yes(get('fax.enabled'))) mailboxes.push(mailboxConfig(answers, 'fax', 'faks', 'fax'));
  const port = get('monitoringPort');
  return {
    office: {
      name: get('office.name'),
      shortName: get('office.shortName'),
      address: get('office.address'),
      timeZone: get('office.timeZone'),
      ...(Object.keys(kop).length ? { kop } : {}),
    },
    sop: get('sop'),
    database: { url: database === 'sqlite' ? `file:${dataDir}/aduan.db` : database },
    dataDir,
    mailboxes,
    ...(yes(get('fax.enabled')) ? { fax: { replyAddress: get('fax.replyAddress') } } : {}),
    delivery:
      get('delivery.type') === 'maildir'
        ? { type: 'maildir', path: `${dataDir}/mail/outbox` }
        : {
            type: 'smtp',
            host: get('delivery.host'),
            port: Number(get('delivery.port')),
            secure: yes(get('delivery.secure')),
            ...(get('delivery.user')
              ? { user: get('delivery.user'), password: get('delivery.password') }
              : {}),
          },
    ...(port ? { monitoring: { port: Number(port) } } : {}),
  };
}

/** The directory the answers name: Diskominfo and the holder of each of its SOP roles. */
export function directoryFromAnswers(answers: Answers, sop: SopDefinition): Record<string, unknown> {
  const people = new Map<string, { email: string; name: string; unit: string; roles: string[] }>();
  for (const role of sop.roles.filter((r) => r.unit === 'diskominfo')) {
    const email = answers.get(`people.${role.key}.email`)?.trim().toLowerCase();
    const name = answers.get(`people.${role.key}.name`)?.trim();
    if (!email || !name) continue;
    const person = people.get(email) ?? { email, name, unit: 'diskominfo', roles: [] };
    person.roles.push(role.key);
    people.set(email, person);
  }
  return {
    units: [{ code: 'diskominfo', name: answers.get('office.name'), kind: 'diskominfo' }],
    people: [...people.values()],
  };
}

const COMMENTS: Record<string, Text> = {
  office: {
    id: 'Instansi: nama, alamat pengaduan, zona waktu, kop surat.',
    en: 'The office: name, complaints address, time zone, letterhead.',
  },
  sop: {
    id: 'SOP yang dijalankan: balangan, karanganyar, kaltim, atau berkas sendiri.',
    en: 'The SOP run: balangan, karanganyar, kaltim, or your own file.',
  },
  database: {
    id: 'Basis data. SQLite di berkas ini, atau PostgreSQL untuk produksi.',
    en: 'The database. SQLite in this file, or PostgreSQL for production.',
  },
  dataDir: {
    id: 'Surat mentah, lampiran dan dokumen disimpan di sini: cadangkan.',
    en: 'Raw mail, attachments and documents are kept here: back it up.',
  },
  mailboxes: {
    id: 'Kotak surat yang dibaca. Kata sandi lebih aman di $ADUAN_MAILBOX_<NAMA>_PASSWORD.',
    en: 'The mailboxes read. Passwords are safer in $ADUAN_MAILBOX_<NAME>_PASSWORD.',
  },
  fax: {
    id: 'Faks: alamat gateway untuk membalas lewat faks.',
    en: "Fax: the gateway's address for answers by fax.",
  },
  delivery: {
    id: 'Pengiriman surat keluar. Kata sandi lebih aman di $ADUAN_SMTP_PASSWORD.',
    en: 'Outgoing mail. The password is safer in $ADUAN_SMTP_PASSWORD.',
  },
  monitoring: {
    id: '/healthz dan /metrics (Prometheus), hanya di mesin ini.',
    en: '/healthz and /metrics (Prometheus), on this machine only.',
  },
};

/** The config as a YAML file with a word on each section; every other key is in docs/configuration.md. */
export function configYaml(config: Record<string, unknown>, language: Language, madeAt: Date): string {
  const doc = new Document(config);
  doc.commentBefore = [
    language === 'id'
      ? ` Kotak Aduan: dibuat oleh \`aduan init\` pada ${madeAt.toISOString().slice(0, 10)}.`
      : ` Kotak Aduan: written by \`aduan init\` on ${madeAt.toISOString().slice(0, 10)}.`,
    language === 'id'
      ? ' Semua kunci dan nilai bawaannya: docs/configuration.md. Periksa: aduan doctor -c <berkas ini>'
      : ' Every key and its default: docs/configuration.md. Check it: aduan doctor -c <this file>',
  ].join('\n');
  for (const pair of (doc.contents as { items: Pair[] }).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (COMMENTS[key] && isScalar(pair.key)) pair.key.commentBefore = ` ${COMMENTS[key][language]}`;
  }
  return doc.toString({ lineWidth: 0 });
}
