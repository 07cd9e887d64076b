import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pino from 'pino';
import type { AduanConfig } from './config/config-schema.ts';
import { ConfigError, type LoadedConfig } from './config/load-config.ts';
import { loadSop } from './config/load-sop.ts';
import { checkReportRecipients } from './config/check-report-recipients.ts';
import { createLogger } from './config/logger.ts';
import { TEMPLATES_DIR } from './config/paths.ts';
import { HOLIDAYS_2026 } from './domain/calendar/holidays-2026.ts';
import { createWorkingCalendar, type WorkingCalendar } from './domain/calendar/working-calendar.ts';
import type { SopDefinition } from './domain/sop/sop-definition.ts';
import { migrateDatabase } from './db/migrate.ts';
import { openStore } from './db/open-store.ts';
import { documentRendererOnFirstUse, reportRendererOnFirstUse } from './documents/renderers-on-first-use.ts';
import { createHtmlLayout } from './mail/compose/html-layout.ts';
import { createMailTemplates } from './mail/compose/mail-templates.ts';
import { createMaildirTransport } from './mail/delivery/maildir-transport.ts';
import { createSmtpTransport } from './mail/delivery/smtp-transport.ts';
import { ensureMaildir } from './mail/maildir/maildir.ts';
import { createMailSource } from './mail/create-mail-source.ts';
import { faxReaderOnFirstUse } from './mail/fax/fax-reader-on-first-use.ts';
import { recogniseFaxGateway } from './mail/fax/gateways.ts';
import { parseMessage } from './mail/parse/parse-message.ts';
import { deliverOutbox } from './use-cases/deliver-outbox.ts';
import { followOverdueSteps } from './use-cases/follow-overdue-steps.ts';
import { remindOfficials } from './use-cases/remind-officials.ts';
import { escalateOverdueTasks } from './use-cases/escalate-overdue-tasks.ts';
import { closeUnansweredComplaints } from './use-cases/close-unanswered-complaints.ts';
import { sendDailyReport } from './use-cases/send-daily-report.ts';
import { sendMonthlyRecap } from './use-cases/send-monthly-recap.ts';
import { ingestMessages, processPendingMessages } from './use-cases/ingest-message.ts';
import type { IntakeResult } from './use-cases/intake-result.ts';
import type { IntakeDeps } from './use-cases/intake-deps.ts';
import { createSenderCheck } from './security/sender-check.ts';
import { readOrCreateSecret } from './security/secret-file.ts';
import type { DocumentSettings, SealPdf } from './use-cases/ports/document-renderer.ts';
import type { FaxReader } from './use-cases/ports/fax-reader.ts';
import type { AcceptBatch, MailSource } from './use-cases/ports/mail-source.ts';
import type { MailTransport } from './use-cases/ports/mail-transport.ts';
import type { Store } from './use-cases/ports/store.ts';
import { thisInstance, type Instance } from './cluster/instance.ts';
import { leaseHolder } from './use-cases/hold-leases.ts';
import { createReportMaker } from './workers/report-maker.ts';

/**
 * The composition root: the only place that builds real clients (database, mail folders, templates)
 * and hands them to the use-cases.
 */
export interface App {
  config: AduanConfig;
  store: Store;
  sop: SopDefinition;
  calendar: WorkingCalendar;
  log: pino.Logger;
  intakeDeps: IntakeDeps;
  /** Where the outbox sweep hands mail (the outbox Maildir in the embedded mode). */
  transport: MailTransport;
  /** The configured mailboxes, ready to drain and watch. */
  sources: MailSource[];
  /** This process among the instances on one database: its name in leases and job runs. */
  instance: Instance;
  /** The mailboxes this instance read in its last intake: of several instances, one reads each. */
  heldSources(): MailSource[];
  /** Takes all waiting mail from every mailbox and finishes anything half-done. */
  runIntake(): Promise<IntakeResult[]>;
  /** Sends what is due in the outbox. */
  runDelivery(): Promise<{ sent: number; failed: number }>;
  /** Moves steps that waited out their time along their onOverdue (Karanganyar's silent group). */
  runDeadlines(): Promise<{ moved: number }>;
  /** Reminds officials of tasks nearing their due time, one digest per person. */
  runReminders(): Promise<{ tasks: number; mails: number }>;
  /** Tells supervisors, level by level, of tasks past their due time; the admin gets a copy. */
  runEscalations(): Promise<{ tasks: number; mails: number }>;
  /** Closes answered complaints the citizen left unanswered for sla.autoCloseAfterWorkingDays. */
  runAutoClose(): Promise<{ closed: number }>;
  /** Mails the laporan monitoring harian for the slot's day, once (working days only). */
  runDailyReport(slot: Date): Promise<Record<string, unknown>>;
  /** Mails the previous month's rekap bulanan, once, from the month's first working day. */
  runMonthlyRecap(slot: Date): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: () => Date;
  log?: pino.Logger;
  /** Apply pending migrations first (what `aduan start` does). */
  migrate?: boolean;
  /** Replaces the Tesseract fax reader (tests that are not about OCR). */
  faxReader?: FaxReader;
  /** Tests: several services in one process, each its own instance. */
  instance?: Instance;
  /** Make the scheduled reports in a process that exits with each (what `aduan start` does). */
  reportsApart?: boolean;
}

export async function createApp(loaded: LoadedConfig, options: AppOptions = {}): Promise<App> {
  const config = resolvePaths(loaded);
  // Read before anything opens: a missing key is a configuration error, reported as one.
  const dkimKey =
    config.delivery.type === 'smtp' && config.delivery.dkim
      ? (
          await readConfiguredFile(
            config.delivery.dkim.privateKeyFile,
            'delivery.dkim.privateKeyFile',
            'point it at the PEM private key whose public half is published at <selector>._domainkey.<domain>',
          )
        ).toString('utf8')
      : null;
  const log = options.log ?? createLogger({ level: config.log.level });
  const clock = options.clock ?? (() => new Date());
  const sop = loadSop(config.sop, loaded.baseDir);
  checkReportRecipients(config, sop, loaded.file ?? 'defaults');
  const calendar = createWorkingCalendar({
    timeZone: config.office.timeZone,
    hours: config.office.hours,
    holidays: [...(config.office.holidays ?? HOLIDAYS_2026), ...config.office.extraHolidays],
  });

  await mkdir(config.dataDir, { recursive: true });
  // The folders exist from the start, so an operator (or an MTA) can see where mail goes.
  const maildirs = config.mailboxes.flatMap((m) => (m.type === 'maildir' ? [m.path] : []));
  const outbox = config.delivery.type === 'maildir' ? [config.delivery.path] : [];
  await Promise.all([...maildirs, ...outbox].map(ensureMaildir));
  if (options.migrate) {
    const { applied } = await migrateDatabase(config.database.url);
    if (applied.length) log.info({ applied }, 'database migrated');
  }
  const store = await openStore(config.database.url);

  const channels = new Map(
    config.mailboxes.map((m) => [m.name, m.role === 'fax' ? ('fax' as const) : ('email' as const)]),
  );
  // One reader for the service's life: its OCR worker starts on the first fax and is kept.
  const faxReader = options.faxReader ?? faxReaderOnFirstUse({ ocrDataPath: config.fax.ocrDataPath, log });
  const gateways = config.fax.gateways;
  const htmlOf = createHtmlLayout(TEMPLATES_DIR, config.office);
  const intakeDeps: IntakeDeps = {
    store,
    clock,
    sop,
    calendar,
    log,
    parseMessage,
    channelOf: (source) => channels.get(source) ?? 'email',
    ownAddresses: [config.office.address.toLowerCase()],
    faxReader,
    recogniseFaxGateway: (message) => recogniseFaxGateway(message, gateways),
    documents: await documentSettings(config),
    reports: {
      renderer: reportRendererOnFirstUse(TEMPLATES_DIR),
      daily: config.reports.daily,
      monthly: config.reports.monthly,
      ...(options.reportsApart ? { maker: createReportMaker(loaded) } : {}),
    },
    sla: config.sla,
    intake: {
      maxAttachmentBytes: config.intake.maxAttachmentBytes,
      acknowledgementsPerSenderPerHour: config.intake.acknowledgementsPerSenderPerHour,
    },
    replies: {
      secret:
        config.replies.tokenSecret ??
        (await readOrCreateSecret(path.join(config.dataDir, 'reply-token.secret'))),
      tokenDays: config.replies.tokenDays,
      answersPerOfficialPerHour: config.replies.answersPerOfficialPerHour,
      verifySender:
        config.replies.senderCheck === 'none'
          ? null
          : createSenderCheck({
              require: config.replies.senderCheck,
              ...(config.replies.trustedAuthServId
                ? { trustedAuthServId: config.replies.trustedAuthServId }
                : {}),
            }),
    },
    renderMail: createMailTemplates(TEMPLATES_DIR),
    office: {
      name: config.office.name,
      timeZone: config.office.timeZone,
      language: config.office.language,
      address: config.office.address,
      trackingPattern: config.trackingNumber.pattern,
      faxReplyAddress: config.fax.replyAddress,
    },
  };
  const from = `Layanan Pengaduan ${config.office.shortName} <${config.office.address}>`;
  const transport =
    config.delivery.type === 'maildir'
      ? createMaildirTransport({ folder: config.delivery.path, from })
      : createSmtpTransport({
          ...config.delivery,
          from,
          dkim:
            config.delivery.dkim && dkimKey
              ? {
                  domain: config.delivery.dkim.domain,
                  selector: config.delivery.dkim.selector,
                  privateKey: dkimKey,
                }
              : undefined,
        });

  const instance = options.instance ?? thisInstance();
  const leases = leaseHolder({ store, clock, log, instance });
  const sources = config.mailboxes.map((mailbox) =>
    createMailSource(mailbox, { maildirPollSeconds: config.intake.pollSeconds, log, store, clock }),
  );

  return {
    config,
    store,
    sop,
    calendar,
    log,
    intakeDeps,
    transport,
    sources,
    instance,
    heldSources: () => sources.filter((source) => leases.holds(mailboxLease(source))),
    async runIntake() {
      const results = decidedOnly(await processPendingMessages(intakeDeps));
      const accept: AcceptBatch = async (batch) => {
        const ingested = await ingestMessages(batch, intakeDeps);
        results.push(...decidedOnly(ingested.map((i) => i.outcome)));
        return ingested.map((i) => i.stored);
      };
      for (const source of sources) {
        // Of several instances on one database, one reads each mailbox; the others stand by.
        if (!(await leases.hold(mailboxLease(source)))) continue;
        try {
          await source.drain(accept);
        } catch (error) {
          // One mailbox failing (a refused login, a server away) holds up neither the others nor
          // the outbox; the source retries on its own schedule and logs each attempt.
          log.error({ mailbox: source.name, err: (error as Error).message }, 'mailbox could not be read');
        }
      }
      return results;
    },
    runDelivery: () => deliverOutbox({ store, transport, clock, log, htmlOf, instance }),
    runDeadlines: () => followOverdueSteps(intakeDeps),
    runReminders: () => remindOfficials(intakeDeps),
    runEscalations: () => escalateOverdueTasks(intakeDeps),
    runAutoClose: () => closeUnansweredComplaints(intakeDeps),
    runDailyReport: (slot) => sendDailyReport(slot, intakeDeps),
    runMonthlyRecap: (slot) => sendMonthlyRecap(slot, intakeDeps),
    async close() {
      await Promise.all([...sources.map((source) => source.close()), faxReader.close(), transport.close?.()]);
      await leases
        .releaseAll()
        .catch((error: Error) =>
          log.warn({ err: error.message }, 'leases not released; they lapse on their own'),
        );
      await store.close();
    },
  };
}

function mailboxLease(source: MailSource): string {
  return `mailbox:${source.name}`;
}

/** Failures are logged where they happen and the message is tried again on the next sweep. */
function decidedOnly(outcomes: readonly (IntakeResult | Error)[]): IntakeResult[] {
  return outcomes.filter((outcome): outcome is IntakeResult => !(outcome instanceof Error));
}

/** A file the config names, or a ConfigError naming the key and what to point it at. */
async function readConfiguredFile(file: string, key: string, fix: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new ConfigError(file, [
      {
        key,
        message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: ${fix}.`,
      },
    ]);
  }
}

/** The office's certificate seal, tried once on a blank page so a wrong passphrase stops the start. */
async function checkedSeal(signing: { p12File: string; passphrase: string }): Promise<SealPdf> {
  const p12 = await readConfiguredFile(
    signing.p12File,
    'documents.signing.p12File',
    'point it at the office certificate as a PKCS#12 (.p12/.pfx) file',
  );
  // Loaded only here: node-forge is heavy, and most offices sign without a certificate.
  const [{ createPdfSeal }, { PDFDocument }] = await Promise.all([
    import('./documents/seal-pdf.ts'),
    import('pdf-lib'),
  ]);
  const seal = createPdfSeal(p12, signing.passphrase);
  const blank = await PDFDocument.create();
  blank.addPage();
  try {
    await seal(await blank.save(), {
      name: '-',
      reason: 'uji',
      location: '-',
      contactInfo: '-',
      at: new Date(),
    });
  } catch (error) {
    throw new ConfigError(signing.p12File, [
      {
        key: 'documents.signing.passphrase',
        message: `cannot sign with ${signing.p12File} (${(error as Error).message}). Fix: set $ADUAN_SIGNING_PASSPHRASE to the certificate's passphrase, or check that the file holds a private key and its certificate.`,
      },
    ]);
  }
  return seal;
}

/** The documents' settings: the office's kop, paper, place and numbering, and the renderer. */
async function documentSettings(config: AduanConfig): Promise<DocumentSettings> {
  const { kop } = config.office;
  const lines = (unit: {
    alamat: string;
    telepon?: string | undefined;
    email?: string | undefined;
    laman?: string | undefined;
  }) =>
    [
      [unit.alamat, unit.telepon && `Telepon ${unit.telepon}`].filter(Boolean).join(', '),
      [unit.email && `Pos-el: ${unit.email}`, unit.laman && `Laman: ${unit.laman}`]
        .filter(Boolean)
        .join(', '),
    ].filter(Boolean);
  return {
    renderer: documentRendererOnFirstUse(TEMPLATES_DIR),
    paper: config.documents.paper,
    place: config.documents.place,
    government: kop.pemerintah,
    logo: kop.logo
      ? await readConfiguredFile(
          kop.logo,
          'office.kop.logo',
          'point it at a PNG or JPEG of the regional logo',
        )
      : null,
    contactLines: (unitCode) => {
      const unit = config.documents.units[unitCode];
      return unit ? lines(unit) : lines(kop);
    },
    klasifikasi: config.documents.klasifikasi,
    numbering: config.documents.numbering,
    agendaUnit: config.office.shortName,
    verifyUrl: config.documents.verifyUrl ?? null,
    seal: config.documents.signing ? await checkedSeal(config.documents.signing) : null,
    sealReason: config.documents.signing?.reason ?? '',
  };
}

/** The outbox Maildir of the embedded mode: the demo, tests and the benchmark read what was sent there. */
export function outboxFolder(app: Pick<App, 'config'>): string {
  if (app.config.delivery.type !== 'maildir') {
    throw new Error('This needs the outbox folder (delivery.type: maildir); mail goes out over SMTP here.');
  }
  return app.config.delivery.path;
}

/** Relative folders and SQLite files in the config are relative to the config file's folder. */
export function resolvePaths(loaded: LoadedConfig): AduanConfig {
  const { config, baseDir } = loaded;
  const at = (p: string) => path.resolve(baseDir, p);
  const url = config.database.url.startsWith('file:')
    ? `file:${at(config.database.url.slice('file:'.length))}`
    : config.database.url;
  return {
    ...config,
    dataDir: at(config.dataDir),
    database: { url },
    mailboxes: config.mailboxes.map((m) => (m.type === 'maildir' ? { ...m, path: at(m.path) } : m)),
    delivery:
      config.delivery.type === 'maildir'
        ? { ...config.delivery, path: at(config.delivery.path) }
        : {
            ...config.delivery,
            ...(config.delivery.dkim && {
              dkim: { ...config.delivery.dkim, privateKeyFile: at(config.delivery.dkim.privateKeyFile) },
            }),
          },
    fax: { ...config.fax, ocrDataPath: at(config.fax.ocrDataPath) },
    office: {
      ...config.office,
      kop: { ...config.office.kop, ...(config.office.kop.logo && { logo: at(config.office.kop.logo) }) },
    },
    documents: {
      ...config.documents,
      ...(config.documents.signing && {
        signing: { ...config.documents.signing, p12File: at(config.documents.signing.p12File) },
      }),
    },
  };
}
