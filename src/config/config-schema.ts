import { z } from 'zod';
import { numberPatternProblem } from '../domain/documents/document-number.ts';

/**
 * The one configuration schema. Every default for the embedded mode (SQLite, Maildir folders under
 * ./data) lives here, so `aduan start` needs no file. Descriptions double as the `fix` in error messages.
 */

const TIME_ZONES = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' } as const;

const hhmmSpan = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'write office hours as "07:30-16:00"')
  .transform((span) => {
    const [start, end] = span.split('-') as [string, string];
    return { start, end };
  })
  .refine((s) => s.start < s.end, 'the closing time must be after the opening time');

const timeZone = z
  .string()
  .transform((zone) => TIME_ZONES[zone.toUpperCase() as keyof typeof TIME_ZONES] ?? zone)
  .refine(isKnownTimeZone, 'use WIB, WITA, WIT or an IANA zone such as Asia/Makassar');

const holiday = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD'),
  name: z.string().min(1, 'give the holiday a name'),
  kind: z.enum(['libur_nasional', 'cuti_bersama', 'libur_daerah']).default('libur_nasional'),
});

const kop = z
  .object({
    pemerintah: z.string().default('PEMERINTAH KABUPATEN CONTOH'),
    instansi: z.string().default('DINAS KOMUNIKASI DAN INFORMATIKA'),
    alamat: z.string().default('Jalan Merdeka No. 1, Kota Contoh 70000'),
    telepon: z.string().optional(),
    email: z.string().optional(),
    laman: z.string().optional(),
    logo: z.string().optional().describe('path to a PNG or JPEG logo for the letterhead'),
  })
  .strict()
  .prefault({});

/** A document number pattern (src/domain/documents/document-number.ts). */
const numberPattern = z.string().superRefine((pattern, context) => {
  const problem = numberPatternProblem(pattern);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

/** The kop's contact lines of one unit (an OPD's letters carry its own address). */
const unitKop = z
  .object({
    alamat: z.string().min(1),
    telepon: z.string().optional(),
    email: z.string().optional(),
    laman: z.string().optional(),
  })
  .strict();

const documents = z
  .object({
    /** A4, or F4 (folio, 215 × 330 mm) as many regional offices print. */
    paper: z.enum(['A4', 'F4']).default('A4'),
    /** The place in "Paringin, 22 November 2026". */
    place: z.string().min(1).default('Kota Contoh'),
    /** Archive classification in numbers (Permendagri 83/2022): 000.8.3.4 is Pelayanan Publik. */
    klasifikasi: z.string().min(1).default('000.8.3.4'),
    numbering: z
      .object({
        lembar_disposisi: numberPattern.default('{klasifikasi}/{urut}/{unit}/{tahun}'),
        surat_tanggapan: numberPattern.default('{klasifikasi}/{urut}/{unit}/{tahun}'),
        /** The incoming register's nomor agenda, given to each complaint at registration. */
        agenda: numberPattern.default('{urut}/{tahun}'),
      })
      .strict()
      .prefault({}),
    /** Each OPD's address for the kop of its letters, by unit code; Diskominfo's is office.kop. */
    units: z.record(z.string(), unitKop).default({}),
    /**
     * A PKCS#12 certificate (e.g. the office's BSrE certificate) to put a PAdES signature into every
     * signed letter, which PDF validators check on their own. Passphrase: $ADUAN_SIGNING_PASSPHRASE.
     */
    signing: z
      .object({
        p12File: z.string().min(1),
        passphrase: z.string().default(''),
        /** The signature's stated reason, before the letter's number. */
        reason: z.string().default('Surat tanggapan atas pengaduan masyarakat'),
      })
      .strict()
      .optional(),
    /** What the QR code on a signed document carries, e.g. https://aduan.contoh.go.id/verifikasi/{kode}. */
    verifyUrl: z
      .string()
      .refine((url) => url.includes('{kode}'), 'the address must contain {kode}, where the code goes')
      .optional(),
  })
  .strict()
  .prefault({});

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time of day as "07:30" (24 hours, in the office\'s zone)');

/** Who gets a report: e-mail addresses, or role keys of the SOP (their holders in Diskominfo). */
const reportRecipients = z.array(z.string().min(1)).default([]);

const reports = z
  .object({
    /** Laporan monitoring harian: on working days at `time`; `to` empty: the SOP's first actor and Diskominfo's head. */
    daily: z
      .object({ enabled: z.boolean().default(true), time: clockTime.default('07:30'), to: reportRecipients })
      .strict()
      .prefault({}),
    /**
     * Rekap bulanan: the previous month's recap on the first working day of a month at `time` (or
     * the first run after it); the leadership's reply to it is archived with the report.
     */
    monthly: z
      .object({ enabled: z.boolean().default(true), time: clockTime.default('08:00'), to: reportRecipients })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

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

const mailboxName = z.string().regex(/^[a-z0-9_-]+$/, 'use lowercase letters, digits, "-" or "_"');
const mailboxRole = z.enum(['complaints', 'fax']);

const maildirMailbox = z
  .object({
    name: mailboxName,
    role: mailboxRole,
    type: z.literal('maildir'),
    path: z.string().min(1, 'give the Maildir folder, e.g. ./data/mail/inbox'),
  })
  .strict();

const imapMailbox = z
  .object({
    name: mailboxName,
    role: mailboxRole,
    type: z.literal('imap'),
    host: z.string().min(1, 'give the IMAP server, e.g. imap.contoh.go.id'),
    port: z.number().int().min(1).max(65535).default(993),
    /** Implicit TLS (port 993). false for plain or STARTTLS on 143. */
    secure: z.boolean().default(true),
    user: z.string().min(1, 'give the mailbox login, e.g. pengaduan@contoh.go.id'),
    /** Or $ADUAN_MAILBOX_<NAME>_PASSWORD. */
    password: z.string().optional(),
    /** OAuth2 access token for providers that disabled passwords; or $ADUAN_MAILBOX_<NAME>_TOKEN. */
    accessToken: z.string().optional(),
    folder: z.string().default('INBOX'),
    /** Taken mail moves here (created if missing); leave out to mark it with the keyword $AduanTaken (\\Seen only where keywords are refused). Never deleted. */
    processedFolder: z.string().optional(),
    /** IMAP IDLE when the server offers it; polling otherwise. */
    idle: z.boolean().default(true),
    pollSeconds: z.number().positive('use a number of seconds above 0').default(60),
  })
  .strict()
  .refine((m) => m.password !== undefined || m.accessToken !== undefined, {
    message: 'give a password or an accessToken (or set ADUAN_MAILBOX_<NAME>_PASSWORD / _TOKEN)',
    path: ['password'],
  });

const mailbox = z.discriminatedUnion('type', [maildirMailbox, imapMailbox], {
  error: 'type must be "maildir" or "imap"',
});

/** A fax-to-e-mail gateway: how to recognise its mail and read the sender's fax number. */
const faxGateway = z
  .object({
    name: z.string().min(1),
    /** Regular expression matched against the From address (case-insensitive). */
    from: z.string().refine(isRegExp, 'write a valid regular expression').optional(),
    /** Regular expression on the subject; its first group is the sender's fax number. */
    subject: z.string().min(1).refine(isRegExp, 'write a valid regular expression'),
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
    /** How the fax gateway sends a fax back: an address with {nomor} for the fax number. */
    replyAddress: z.string().includes('{nomor}', { message: 'the address must contain {nomor}' }),
    gateways: z.array(faxGateway).default(DEFAULT_FAX_GATEWAYS),
    /** Folder of Tesseract's ind.traineddata (apt: tesseract-ocr-ind); without it faxes are marked for manual transcription. */
    ocrDataPath: z.string().default('/usr/share/tesseract-ocr/5/tessdata'),
  })
  .strict();

export const configSchema = z
  .object({
    office: z
      .object({
        name: z.string().min(1).default('Dinas Komunikasi dan Informatika Kabupaten Contoh'),
        shortName: z.string().min(1).default('DISKOMINFO'),
        kop,
        timeZone: timeZone.default('Asia/Makassar'),
        hours: officeHours.prefault({
          mon: '07:30-16:00',
          tue: '07:30-16:00',
          wed: '07:30-16:00',
          thu: '07:30-16:00',
          fri: '07:30-11:00',
        }),
        /** Replaces the shipped 2026 national holidays and cuti bersama when given. */
        holidays: z.array(holiday).optional(),
        extraHolidays: z.array(holiday).default([]),
        language: z.enum(['id', 'en']).default('id'),
        /** The address citizens write to; acknowledgements come from it. */
        address: z
          .email('give an e-mail address such as pengaduan@contoh.go.id')
          .default('pengaduan@contoh.go.id'),
      })
      .strict()
      .prefault({}),
    sop: z
      .string()
      .min(1)
      .default('balangan')
      .describe('a preset (balangan, karanganyar, kaltim) or a path to an SOP YAML file'),
    trackingNumber: z
      .object({
        pattern: z
          .string()
          .refine((p) => /\{urut(:\d+)?\}/.test(p), 'the pattern must contain {urut} or {urut:6}')
          .default('ADU-{tahun}-{urut:6}'),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        url: z
          .string()
          .refine(
            (u) => /^(file:|postgres(ql)?:\/\/)/.test(u),
            'use file:./data/aduan.db (SQLite) or postgresql://user@host/db',
          )
          .default('file:./data/aduan.db'),
      })
      .strict()
      .prefault({}),
    dataDir: z.string().default('./data'),
    mailboxes: z
      .array(mailbox)
      .min(1, 'configure at least one mailbox')
      .default([
        { name: 'pengaduan', role: 'complaints', type: 'maildir', path: './data/mail/inbox' },
        { name: 'faks', role: 'fax', type: 'maildir', path: './data/mail/fax' },
      ]),
    fax: faxReturn.prefault({ replyAddress: '{nomor}@faks.contoh.go.id' }),
    delivery: z
      .discriminatedUnion(
        'type',
        [
          /** The embedded outbox: mail lands in a Maildir folder (readable with any mail client). */
          z.object({ type: z.literal('maildir'), path: z.string().default('./data/mail/outbox') }).strict(),
          /** The office's mail server. */
          z
            .object({
              type: z.literal('smtp'),
              host: z.string().min(1, 'name the SMTP server, e.g. "mail.balangankab.go.id"'),
              port: z.number().int().min(1).max(65535).default(587),
              /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
              secure: z.boolean().default(false),
              user: z.string().optional(),
              /** Better in $ADUAN_SMTP_PASSWORD than in the file. */
              password: z.string().optional(),
              pool: z.boolean().default(true),
              /** Sign outgoing mail (receivers trust it more, officials' clients show it verified). */
              dkim: z
                .object({
                  domain: z.string().min(1),
                  selector: z.string().min(1),
                  /** PEM file of the private key; its public half is published at <selector>._domainkey.<domain>. */
                  privateKeyFile: z.string().min(1),
                })
                .strict()
                .optional(),
            })
            .strict(),
        ],
        { error: 'type must be "maildir" or "smtp"' },
      )
      .default({ type: 'maildir', path: './data/mail/outbox' }),
    intake: z
      .object({
        /** How often Maildir folders are looked at (they are also watched). */
        pollSeconds: z.number().positive('use a number of seconds above 0').default(2),
        /** Larger attachments are kept out of the complaint (the message itself is kept raw) and the citizen is told. */
        maxAttachmentBytes: z
          .number()
          .int()
          .positive()
          .default(25 * 1024 * 1024),
        /** Acknowledgements to one sender per hour; more are recorded, not sent (mail-loop and flood guard). */
        acknowledgementsPerSenderPerHour: z.number().int().min(1).default(5),
      })
      .strict()
      .prefault({}),
    documents,
    reports,
    sla: z
      .object({
        /** Remind a task's holders when it has used these shares of its time standard (working time). */
        remindAtPercent: z
          .array(
            z.number().int().min(1).max(99, 'a reminder after the due time is escalation, not a reminder'),
          )
          .default([50, 80]),
        /** Close an answered complaint the citizen has not replied to in this many working days (0: never). */
        autoCloseAfterWorkingDays: z.number().int().min(0).default(10),
        /**
         * Where an official's open tasks go when their out-of-office notice answers a task mail: the
         * acting official (Plt/Plh) the directory names for the role, else the supervisor; or always
         * the supervisor.
         */
        outOfOffice: z.enum(['delegate', 'supervisor']).default('delegate'),
      })
      .strict()
      .prefault({}),
    replies: z
      .object({
        /**
         * Signs the reply tokens in task mails: the same on every instance, never in a public file.
         * Default: generated once into <dataDir>/reply-token.secret ($ADUAN_REPLY_TOKEN_SECRET overrides).
         */
        tokenSecret: z
          .string()
          .min(32, 'use at least 32 random characters, e.g. the output of `openssl rand -hex 32`')
          .optional(),
        /** How long an official may act on a task mail, in days. */
        tokenDays: z.number().int().min(1).max(365).default(30),
        /** Answers to one official's replies per hour (confirmations, refusals): a mail-loop and flood guard. */
        answersPerOfficialPerHour: z.number().int().min(1).default(60),
        /**
         * What the officials' mail domain must vouch for a command: `none` (token and From only),
         * `dkim` (a valid DKIM signature aligned with the From domain) or `dmarc` (the From domain's
         * DMARC policy passes).
         */
        senderCheck: z.enum(['none', 'dkim', 'dmarc']).default('none'),
        /**
         * The authserv-id your own MX writes in Authentication-Results (e.g. mx.balangankab.go.id):
         * its verdict is then trusted instead of checked again. Only when that MX strips headers
         * with its id from incoming mail (RFC 8601 §5; OpenDKIM/OpenDMARC and rspamd do).
         */
        trustedAuthServId: z
          .string()
          .regex(/^[A-Za-z0-9.-]+$/, 'a host name, e.g. mx.balangankab.go.id')
          .optional(),
      })
      .strict()
      .prefault({}),
    monitoring: z
      .object({
        /** `aduan start` serves /healthz and Prometheus /metrics on this port; absent: not served. */
        port: z.number().int().min(1).max(65535).optional(),
        /** Where it listens: loopback by default; the metrics name no citizen, but keep them internal. */
        host: z.string().min(1).default('127.0.0.1'),
      })
      .strict()
      .prefault({}),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') })
      .strict()
      .prefault({}),
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
