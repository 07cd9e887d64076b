import { z } from 'zod';
import { numberPatternProblem } from '../domain/documents/document-number.ts';

/**
 * The one configuration schema. Every default for the embedded mode (SQLite, Maildir folders under
 * ./data) lives here, so `aduan start` needs no file. Each key's `.describe()` is the operator's
 * reference: scripts/config-reference.ts renders them into docs/configuration.md (npm run
 * docs:config), and a test fails when a key has none. Error messages come from the checks' own
 * messages (load-config.ts), not from the descriptions.
 */

const TIME_ZONES = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' } as const;

const hhmmSpan = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'write office hours as "07:30-16:00"')
  .transform((span) => {
    const [start, end] = span.split('-') as [string, string];
    return { start, end };
  })
  .refine((s) => s.start < s.end, 'the closing time must be after the opening time')
  .describe('Opening and closing time, e.g. `07:30-16:00`.');

const timeZone = z
  .string()
  .transform((zone) => TIME_ZONES[zone.toUpperCase() as keyof typeof TIME_ZONES] ?? zone)
  .refine(isKnownTimeZone, 'use WIB, WITA, WIT or an IANA zone such as Asia/Makassar');

const holiday = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD')
    .describe('The day, as YYYY-MM-DD.'),
  name: z.string().min(1, 'give the holiday a name').describe('Its name, e.g. "Hari Jadi Kabupaten".'),
  kind: z
    .enum(['libur_nasional', 'cuti_bersama', 'libur_daerah'])
    .default('libur_nasional')
    .describe('National holiday, collective leave or a regional holiday.'),
});

const kop = z
  .object({
    pemerintah: z
      .string()
      .default('PEMERINTAH KABUPATEN CONTOH')
      .describe("The letterhead's first line: the regional government."),
    instansi: z
      .string()
      .default('DINAS KOMUNIKASI DAN INFORMATIKA')
      .describe(
        "The office's name as the letterhead would print it. Not printed at present: letters show `office.name` (an OPD's letters its name in the directory).",
      ),
    alamat: z
      .string()
      .default('Jalan Merdeka No. 1, Kota Contoh 70000')
      .describe("Diskominfo's street address, under its name on the letterhead."),
    telepon: z.string().optional().describe('Telephone number on the letterhead.'),
    email: z.string().optional().describe('E-mail address on the letterhead ("Pos-el").'),
    laman: z.string().optional().describe('Website on the letterhead ("Laman").'),
    logo: z.string().optional().describe("Path to a PNG or JPEG of the region's logo for the letterhead."),
  })
  .strict()
  .prefault({})
  .describe("Diskominfo's letterhead (kop surat) on its documents and reports.");

/** A document number pattern (src/domain/documents/document-number.ts). */
const numberPattern = z.string().superRefine((pattern, context) => {
  const problem = numberPatternProblem(pattern);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const unitKop = z
  .object({
    alamat: z.string().min(1).describe("The OPD's street address."),
    telepon: z.string().optional().describe("The OPD's telephone number."),
    email: z.string().optional().describe("The OPD's e-mail address."),
    laman: z.string().optional().describe("The OPD's website."),
  })
  .strict();

const documents = z
  .object({
    paper: z
      .enum(['A4', 'F4'])
      .default('A4')
      .describe('A4, or F4 (folio, 215 × 330 mm) as many regional offices print.'),
    place: z
      .string()
      .min(1)
      .default('Kota Contoh')
      .describe('The place in the date line of letters, as in "Paringin, 22 November 2026".'),
    klasifikasi: z
      .string()
      .min(1)
      .default('000.8.3.4')
      .describe(
        'Archive classification code in document numbers (Permendagri 83/2022): 000.8.3.4 is Pelayanan Publik.',
      ),
    numbering: z
      .object({
        lembar_disposisi: numberPattern
          .default('{klasifikasi}/{urut}/{unit}/{tahun}')
          .describe('Number of a lembar disposisi.'),
        surat_tanggapan: numberPattern
          .default('{klasifikasi}/{urut}/{unit}/{tahun}')
          .describe('Number of a surat tanggapan (the answer letter), given when it is signed.'),
        agenda: numberPattern
          .default('{urut}/{tahun}')
          .describe("The incoming register's nomor agenda, given to each complaint at registration."),
      })
      .strict()
      .prefault({})
      .describe(
        'Patterns of document numbers, with `{klasifikasi}`, `{urut}` (the running number, restarting every year), `{unit}`, `{tahun}`, `{bulan}` and `{bulan_romawi}`; `{urut}` and `{tahun}` are required.',
      ),
    units: z
      .record(z.string().describe('unit'), unitKop)
      .default({})
      .describe(
        "Each OPD's contact lines for the letterhead of its letters, by its unit code in the directory (e.g. `pupr`). Diskominfo's are `office.kop`.",
      ),
    signing: z
      .object({
        p12File: z
          .string()
          .min(1)
          .describe('Path to the PKCS#12 (.p12) file with the certificate and its private key.'),
        passphrase: z
          .string()
          .default('')
          .describe("The certificate's passphrase; better in `$ADUAN_SIGNING_PASSPHRASE` than in the file."),
        reason: z
          .string()
          .default('Surat tanggapan atas pengaduan masyarakat')
          .describe("The signature's stated reason, before the letter's number."),
      })
      .strict()
      .optional()
      .describe(
        "A certificate (e.g. the office's BSrE certificate) to put a PAdES signature into every signed letter, which PDF readers and validators check on their own. Left out: letters carry the electronic signature block and QR code only.",
      ),
    verifyUrl: z
      .string()
      .refine((url) => url.includes('{kode}'), 'the address must contain {kode}, where the code goes')
      .optional()
      .describe(
        'What the QR code on a signed document carries, e.g. `https://aduan.contoh.go.id/verifikasi/{kode}`. Left out: the verification code itself.',
      ),
  })
  .strict()
  .prefault({})
  .describe('The official documents: lembar disposisi and surat tanggapan.');

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time of day as "07:30" (24 hours, in the office\'s zone)');

const reportRecipients = z
  .array(z.string().min(1))
  .default([])
  .describe(
    "Who gets it: e-mail addresses, or role keys of the SOP (their holders in Diskominfo). Empty: the SOP's first actor and Diskominfo's head.",
  );

const reports = z
  .object({
    daily: z
      .object({
        enabled: z.boolean().default(true).describe('Send it at all.'),
        time: clockTime.default('07:30').describe("When, on working days, in the office's zone (HH:MM)."),
        to: reportRecipients,
      })
      .strict()
      .prefault({})
      .describe(
        'Laporan monitoring harian: complaints received and in hand, tasks due today and overdue, on working days.',
      ),
    monthly: z
      .object({
        enabled: z.boolean().default(true).describe('Send it at all.'),
        time: clockTime
          .default('08:00')
          .describe(
            "When, on the first working day of a month, in the office's zone (HH:MM); or at the first run after it.",
          ),
        to: reportRecipients,
      })
      .strict()
      .prefault({})
      .describe(
        "Rekap bulanan: the previous month's recap. The leadership's reply to it is archived with the report.",
      ),
  })
  .strict()
  .prefault({})
  .describe('The reports mailed as PDF (aduan report writes them on demand).');

const officeHours = z
  .object({
    mon: hhmmSpan.optional(),
    tue: hhmmSpan.optional(),
    wed: hhmmSpan.optional(),
    thu: hhmmSpan.optional(),
    fri: hhmmSpan.optional(),
    sat: hhmmSpan.optional(),
    sun: hhmmSpan.optional(),
  })
  .strict();

const mailboxName = z
  .string()
  .regex(/^[a-z0-9_-]+$/, 'use lowercase letters, digits, "-" or "_"')
  .describe(
    'A short name of lowercase letters, digits, `-` and `_`, e.g. `pengaduan`: it names the mailbox in logs and, in capitals, in its environment variables (`ADUAN_MAILBOX_PENGADUAN_PASSWORD`).',
  );
const mailboxRole = z
  .enum(['complaints', 'fax'])
  .describe("What arrives there: citizens' mail, or the fax gateway's mail.");

const maildirMailbox = z
  .object({
    name: mailboxName,
    role: mailboxRole,
    type: z.literal('maildir').describe('A Maildir folder on this machine (the embedded mode).'),
    path: z
      .string()
      .min(1, 'give the Maildir folder, e.g. ./data/mail/inbox')
      .describe('The Maildir folder, e.g. `./data/mail/inbox` (created if missing).'),
  })
  .strict();

const imapMailbox = z
  .object({
    name: mailboxName,
    role: mailboxRole,
    type: z.literal('imap').describe("A mailbox on the office's IMAP server."),
    host: z
      .string()
      .min(1, 'give the IMAP server, e.g. imap.contoh.go.id')
      .describe('The IMAP server, e.g. `imap.contoh.go.id`.'),
    port: z.number().int().min(1).max(65535).default(993).describe('The IMAP port.'),
    secure: z
      .boolean()
      .default(true)
      .describe('Implicit TLS (port 993); `false` for plain or STARTTLS on port 143.'),
    user: z
      .string()
      .min(1, 'give the mailbox login, e.g. pengaduan@contoh.go.id')
      .describe('The login, e.g. `pengaduan@contoh.go.id`.'),
    password: z
      .string()
      .optional()
      .describe(
        'The password; better in `$ADUAN_MAILBOX_<NAME>_PASSWORD`. A password or an `accessToken` is needed.',
      ),
    accessToken: z
      .string()
      .optional()
      .describe(
        'OAuth2 access token, for providers that turned passwords off; or `$ADUAN_MAILBOX_<NAME>_TOKEN`.',
      ),
    folder: z.string().default('INBOX').describe('The folder read.'),
    processedFolder: z
      .string()
      .optional()
      .describe(
        'Where taken mail is moved (created if missing). Left out: it is marked with the keyword `$AduanTaken` (`\\Seen` where the server refuses keywords). Mail is never deleted.',
      ),
    idle: z
      .boolean()
      .default(true)
      .describe('Wait for new mail with IMAP IDLE when the server offers it; otherwise poll.'),
    pollSeconds: z
      .number()
      .positive('use a number of seconds above 0')
      .default(60)
      .describe('Seconds between looks when polling.'),
  })
  .strict()
  .refine((m) => m.password !== undefined || m.accessToken !== undefined, {
    message: 'give a password or an accessToken (or set ADUAN_MAILBOX_<NAME>_PASSWORD / _TOKEN)',
    path: ['password'],
  });

const mailbox = z.discriminatedUnion('type', [maildirMailbox, imapMailbox], {
  error: 'type must be "maildir" or "imap"',
});

const faxGateway = z
  .object({
    name: z.string().min(1).describe('A name for logs, e.g. `HylaFAX`.'),
    from: z
      .string()
      .refine(isRegExp, 'write a valid regular expression')
      .optional()
      .describe("Regular expression matched against the gateway's From address (case-insensitive)."),
    subject: z
      .string()
      .min(1)
      .refine(isRegExp, 'write a valid regular expression')
      .describe("Regular expression on the subject; its first group is the sender's fax number."),
  })
  .strict();

export const DEFAULT_FAX_GATEWAYS = [
  { name: 'HylaFAX', subject: String.raw`^(?:Fax|Facsimile) (?:from|received from) ([+(]?\d[\d )-]{4,}\d)` },
  { name: 'Faks (ID)', subject: String.raw`^Faks(?:imili)? (?:diterima )?dari ([+(]?\d[\d )-]{4,}\d)` },
  { name: 'eFax', subject: String.raw`^eFax message from "?([+(]?\d[\d )-]{4,}\d)` },
  { name: 'T.38 / Asterisk', subject: String.raw`^New fax from ([+(]?\d[\d )-]{4,}\d)` },
];

const faxReturn = z
  .object({
    replyAddress: z
      .string()
      .includes('{nomor}', { message: 'the address must contain {nomor}' })
      .describe(
        "How the fax gateway sends a fax back: an e-mail address with `{nomor}` where the sender's fax number goes.",
      ),
    gateways: z
      .array(faxGateway)
      .default(DEFAULT_FAX_GATEWAYS)
      .describe(
        "How to recognise a fax-to-e-mail gateway's mail and read the sender's fax number. Given: replaces the built-in list.",
      ),
    ocrDataPath: z
      .string()
      .default('/usr/share/tesseract-ocr/5/tessdata')
      .describe(
        "Folder of Tesseract's `ind.traineddata` (apt: `tesseract-ocr-ind`). Without it, faxes are marked for transcription by hand.",
      ),
  })
  .strict();

export const configSchema = z
  .object({
    office: z
      .object({
        name: z
          .string()
          .min(1)
          .default('Dinas Komunikasi dan Informatika Kabupaten Contoh')
          .describe("The office's full name: it signs every mail and heads Diskominfo's letters."),
        shortName: z
          .string()
          .min(1)
          .default('DISKOMINFO')
          .describe(
            'Short name: in the sender\'s name ("Layanan Pengaduan DISKOMINFO") and as `{unit}` of the nomor agenda.',
          ),
        kop,
        timeZone: timeZone
          .default('Asia/Makassar')
          .describe(
            "The office's zone for office hours, deadlines and the times in mails: `WIB`, `WITA`, `WIT` or an IANA zone such as `Asia/Makassar`.",
          ),
        hours: officeHours
          .prefault({
            mon: '07:30-16:00',
            tue: '07:30-16:00',
            wed: '07:30-16:00',
            thu: '07:30-16:00',
            fri: '07:30-11:00',
          })
          .describe(
            'Office hours by weekday (`mon` … `sun`); a day left out has none. Time standards count only these hours. Given: replaces the whole default week.',
          ),
        holidays: z
          .array(holiday)
          .optional()
          .describe(
            'Days without office hours. Given: replaces the shipped 2026 national holidays and cuti bersama.',
          ),
        extraHolidays: z
          .array(holiday)
          .default([])
          .describe("Days off added to the holidays, e.g. the regency's anniversary (`libur_daerah`)."),
        language: z
          .enum(['id', 'en'])
          .default('id')
          .describe('Language of mails and documents: Bahasa Indonesia or English.'),
        address: z
          .email('give an e-mail address such as pengaduan@contoh.go.id')
          .default('pengaduan@contoh.go.id')
          .describe('The address citizens write to; acknowledgements and task mails come from it.'),
      })
      .strict()
      .prefault({})
      .describe('Who the office is and when it works.'),
    sop: z
      .string()
      .min(1)
      .default('balangan')
      .describe(
        'The SOP complaints follow: a preset (`balangan`, `karanganyar`, `kaltim`) or the path of an SOP YAML file.',
      ),
    trackingNumber: z
      .object({
        pattern: z
          .string()
          .refine((p) => /\{urut(:\d+)?\}/.test(p), 'the pattern must contain {urut} or {urut:6}')
          .default('ADU-{tahun}-{urut:6}')
          .describe(
            'With `{urut}` (the running number; `{urut:6}` pads it to 6 digits), `{tahun}`, `{bulan}` (01-12) and `{bulan_romawi}` (I-XII). Numbers restart every year, and every month when the pattern shows the month.',
          ),
      })
      .strict()
      .prefault({})
      .describe('The number each complaint gets and citizens quote, e.g. `ADU-2026-000123`.'),
    database: z
      .object({
        url: z
          .string()
          .refine(
            (u) => /^(file:|postgres(ql)?:\/\/)/.test(u),
            'use file:./data/aduan.db (SQLite) or postgresql://user@host/db',
          )
          .default('file:./data/aduan.db')
          .describe(
            '`file:<path>` for SQLite (embedded), or `postgresql://user@host/db` for PostgreSQL (production); `$ADUAN_DATABASE_URL` overrides.',
          ),
      })
      .strict()
      .prefault({})
      .describe('Where complaints, tasks and the audit trail are kept.'),
    dataDir: z
      .string()
      .default('./data')
      .describe(
        "Folder of the service's own files (the generated reply-token secret); `$ADUAN_DATA_DIR` overrides.",
      ),
    mailboxes: z
      .array(mailbox)
      .min(1, 'configure at least one mailbox')
      .default([
        { name: 'pengaduan', role: 'complaints', type: 'maildir', path: './data/mail/inbox' },
        { name: 'faks', role: 'fax', type: 'maildir', path: './data/mail/fax' },
      ])
      .describe(
        "Where incoming mail is read: citizens' complaints, officials' replies and the fax gateway's mail.",
      ),
    fax: faxReturn
      .prefault({ replyAddress: '{nomor}@faks.contoh.go.id' })
      .describe("Complaints by fax: recognising the gateway's mail, reading it (OCR), answering by fax."),
    delivery: z
      .discriminatedUnion(
        'type',
        [
          z
            .object({
              type: z
                .literal('maildir')
                .describe(
                  'The embedded outbox: mail lands in a Maildir folder, readable with any mail client.',
                ),
              path: z.string().default('./data/mail/outbox').describe('The outbox Maildir folder.'),
            })
            .strict(),
          z
            .object({
              type: z.literal('smtp').describe("The office's mail server."),
              host: z
                .string()
                .min(1, 'name the SMTP server, e.g. "mail.balangankab.go.id"')
                .describe('The SMTP server, e.g. `mail.balangankab.go.id`.'),
              port: z.number().int().min(1).max(65535).default(587).describe('The SMTP port.'),
              secure: z
                .boolean()
                .default(false)
                .describe('TLS from the first byte (port 465); `false`: STARTTLS when the server offers it.'),
              user: z.string().optional().describe('The login, when the server asks for one.'),
              password: z
                .string()
                .optional()
                .describe('The password; better in `$ADUAN_SMTP_PASSWORD` than in the file.'),
              pool: z.boolean().default(true).describe('Keep connections open and reuse them.'),
              dkim: z
                .object({
                  domain: z.string().min(1).describe('The signing domain, e.g. `balangankab.go.id`.'),
                  selector: z.string().min(1).describe('The DKIM selector, e.g. `aduan`.'),
                  privateKeyFile: z
                    .string()
                    .min(1)
                    .describe(
                      'PEM file of the private key; its public half is published at `<selector>._domainkey.<domain>`.',
                    ),
                })
                .strict()
                .optional()
                .describe(
                  "Sign outgoing mail with DKIM: receivers trust it more, officials' clients show it verified.",
                ),
            })
            .strict(),
        ],
        { error: 'type must be "maildir" or "smtp"' },
      )
      .default({ type: 'maildir', path: './data/mail/outbox' })
      .describe('How outgoing mail leaves: into a Maildir folder, or through an SMTP server.'),
    intake: z
      .object({
        pollSeconds: z
          .number()
          .positive('use a number of seconds above 0')
          .default(2)
          .describe('Seconds between looks at Maildir folders (they are also watched).'),
        maxAttachmentBytes: z
          .number()
          .int()
          .positive()
          .default(25 * 1024 * 1024)
          .describe(
            'In bytes: larger attachments are kept out of the complaint (the message itself is kept raw) and the citizen is told.',
          ),
        acknowledgementsPerSenderPerHour: z
          .number()
          .int()
          .min(1)
          .default(5)
          .describe(
            'Automatic mails to one citizen per hour; more are recorded, not sent (a mail-loop and flood guard).',
          ),
      })
      .strict()
      .prefault({})
      .describe('Receiving mail.'),
    documents,
    reports,
    sla: z
      .object({
        remindAtPercent: z
          .array(
            z.number().int().min(1).max(99, 'a reminder after the due time is escalation, not a reminder'),
          )
          .default([50, 80])
          .describe(
            "Remind a task's holders when it has used these shares of its time standard (in working time).",
          ),
        autoCloseAfterWorkingDays: z
          .number()
          .int()
          .min(0)
          .default(10)
          .describe(
            'Close an answered complaint the citizen has not replied to in this many working days; `0`: never.',
          ),
        outOfOffice: z
          .enum(['delegate', 'supervisor'])
          .default('delegate')
          .describe(
            "Where an official's open tasks go when their out-of-office notice answers a task mail: `delegate` (the acting official (Plt/Plh) the directory names for the role, else the supervisor) or `supervisor` (always).",
          ),
      })
      .strict()
      .prefault({})
      .describe('Time standards: reminders, auto-close, absent officials.'),
    replies: z
      .object({
        tokenSecret: z
          .string()
          .min(32, 'use at least 32 random characters, e.g. the output of `openssl rand -hex 32`')
          .optional()
          .describe(
            'Signs the reply tokens in task mails: the same on every instance, never in a public file; `$ADUAN_REPLY_TOKEN_SECRET` overrides. Left out: generated once into `<dataDir>/reply-token.secret`.',
          ),
        tokenDays: z
          .number()
          .int()
          .min(1)
          .max(365)
          .default(30)
          .describe('How many days an official may act on a task mail.'),
        answersPerOfficialPerHour: z
          .number()
          .int()
          .min(1)
          .default(60)
          .describe(
            'Mails to one official per hour (task mails, confirmations, refusals); more are recorded, not sent (a mail-loop and flood guard).',
          ),
        senderCheck: z
          .enum(['none', 'dkim', 'dmarc'])
          .default('none')
          .describe(
            "What the officials' mail domain must vouch for a command: `none` (token and From only), `dkim` (a valid DKIM signature aligned with the From domain) or `dmarc` (the From domain's DMARC policy passes).",
          ),
        trustedAuthServId: z
          .string()
          .regex(/^[A-Za-z0-9.-]+$/, 'a host name, e.g. mx.balangankab.go.id')
          .optional()
          .describe(
            'The authserv-id your own MX writes in Authentication-Results (e.g. `mx.balangankab.go.id`): its verdict is then trusted instead of checked again. Only when that MX strips headers with its id from incoming mail (RFC 8601 §5; OpenDKIM/OpenDMARC and rspamd do).',
          ),
      })
      .strict()
      .prefault({})
      .describe("Officials' replies to task mails: who may act, and for how long."),
    monitoring: z
      .object({
        port: z
          .number()
          .int()
          .min(1)
          .max(65535)
          .optional()
          .describe(
            '`aduan start` serves `/healthz` and Prometheus `/metrics` on this port. Left out: not served.',
          ),
        host: z
          .string()
          .min(1)
          .default('127.0.0.1')
          .describe(
            'Where it listens: loopback by default. The metrics name no citizen, but keep them internal.',
          ),
      })
      .strict()
      .prefault({})
      .describe('Health and metrics over HTTP, for the machine that watches the service.'),
    log: z
      .object({
        level: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
          .default('info')
          .describe('How much is logged; `$ADUAN_LOG_LEVEL` overrides.'),
      })
      .strict()
      .prefault({})
      .describe('The service log, on standard error: JSON lines, or readable lines in a terminal.'),
  })
  .strict();

export type AduanConfig = z.output<typeof configSchema>;
export type MailboxConfig = AduanConfig['mailboxes'][number];

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
