import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline/promises';
import type { Command } from 'commander';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../config/load-config.ts';
import { loadDirectory } from '../../config/load-directory.ts';
import { loadSop } from '../../config/load-sop.ts';
import type { SopDefinition } from '../../domain/sop/sop-definition.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { openStore } from '../../db/open-store.ts';
import type { ImapMailboxConfig } from '../../mail/imap/imap-client.ts';
import { checkImapMailbox, checkSmtp, type CheckResult } from '../../setup/connection-checks.ts';
import {
  CLOSING_QUESTIONS,
  DELIVERY_QUESTIONS,
  FAX_QUESTIONS,
  OFFICE_QUESTIONS,
  applies,
  configFromAnswers,
  configYaml,
  directoryFromAnswers,
  flattenAnswers,
  mailboxQuestions,
  peopleQuestions,
  type Answers,
  type Language,
  type Question,
} from '../../setup/init-answers.ts';
import { importDirectory } from '../../use-cases/import-directory.ts';
import { UsageError } from '../usage-error.ts';
import { operatorActor } from '../with-store.ts';

interface InitOptions {
  output: string;
  answers?: string;
  lang: string;
  check: boolean;
  force?: boolean;
}

const SAY = {
  id: {
    retry: 'Ulangi bagian ini? (ya/tidak)',
    choose: 'pilih salah satu',
    required: 'wajib diisi',
    written: 'Ditulis',
    next: 'Selanjutnya',
    sop: 'SOP tidak dapat dibaca',
  },
  en: {
    retry: 'Answer this part again? (yes/no)',
    choose: 'choose one of',
    required: 'required',
    written: 'Written',
    next: 'Next',
    sop: 'The SOP cannot be read',
  },
} as const;

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      'Set up an office: asks (in Indonesian; --lang en for English) for the office, SOP, mailboxes, SMTP and people, tests each connection, writes a commented config and the directory',
    )
    .option('-o, --output <file>', 'the config file to write', 'aduan.config.yaml')
    .option('--answers <file>', 'take the answers from a YAML file instead of asking (scripted installs)')
    .option('--lang <id|en>', 'language of the questions', 'id')
    .option('--no-check', 'do not test the IMAP and SMTP connections')
    .option('--force', 'overwrite an existing config file')
    .action(async (options: InitOptions) => {
      const language: Language = options.lang === 'en' ? 'en' : 'id';
      const output = path.resolve(options.output);
      if (existsSync(output) && !options.force)
        throw new UsageError(`${output} exists: choose another -o, or --force to overwrite it`);
      const given = options.answers ? flattenAnswers(parse(await readFile(options.answers, 'utf8'))) : null;
      const asker = given ? fromFile(given, options.answers!) : await fromTerminal(language);
      try {
        await runInit(asker, { ...options, output, language });
      } finally {
        asker.close();
      }
    });
}

/** Where answers come from: a person at the terminal, or an answers file. */
interface Asker {
  interactive: boolean;
  ask(question: Question, answers: Answers): Promise<string | undefined>;
  confirm(prompt: string): Promise<boolean>;
  close(): void;
}

async function runInit(asker: Asker, options: InitOptions & { language: Language }): Promise<void> {
  const { language } = options;
  const say = SAY[language];
  const answers: Answers = new Map();
  const failures: CheckResult[] = [];
  const askAll = async (questions: readonly Question[]) => {
    for (const question of questions) {
      if (!applies(question, answers)) continue;
      const value = await asker.ask(question, answers);
      if (value !== undefined) answers.set(question.path, value);
    }
  };
  /** A section asked, its connection tested; at the terminal, asked again until it works or the person moves on. */
  const section = async (questions: readonly Question[], test: () => Promise<CheckResult[]>) => {
    for (;;) {
      await askAll(questions);
      const results = options.check ? await test() : [];
      printChecks(results);
      const failed = results.filter((r) => r.status === 'fail');
      if (!failed.length) return;
      if (!asker.interactive || !(await asker.confirm(say.retry))) return void failures.push(...failed);
    }
  };

  const baseDir = path.dirname(options.output);
  let sop: SopDefinition | undefined;
  while (!sop) {
    await askAll(OFFICE_QUESTIONS.filter((q) => q.path !== 'sop' || !answers.has('sop')));
    try {
      sop = loadSop(answers.get('sop') ?? 'balangan', baseDir);
    } catch (error) {
      if (!asker.interactive) throw new UsageError(`sop: ${say.sop}: ${(error as Error).message}`);
      console.log(`${say.sop}: ${(error as Error).message}`);
      answers.delete('sop');
    }
  }
  await section(mailboxQuestions('mailbox'), () => mailboxCheck(answers, 'mailbox'));
  await section(FAX_QUESTIONS, () => mailboxCheck(answers, 'fax'));
  await section(DELIVERY_QUESTIONS, async () => {
    // Only the delivery, read as the service will read it: the sections after it are not answered yet.
    const { delivery } = parseConfig({ delivery: configFromAnswers(answers).delivery });
    return delivery.type === 'smtp' ? [await checkSmtp(delivery)] : [];
  });
  await askAll(peopleQuestions(sop));
  await askAll(CLOSING_QUESTIONS);

  const config = configFromAnswers(answers);
  const parsed = parseConfig(config, options.answers ?? 'aduan init');
  if (failures.length)
    throw new UsageError(
      `nothing written: ${failures.length} connection(s) failed (fix the answers, or --no-check to write anyway):\n${failures
        .map((f) => `  ${f.name}: ${f.detail}${f.fix ? `\n    → ${f.fix}` : ''}`)
        .join('\n')}`,
    );

  await mkdir(baseDir, { recursive: true });
  // Passwords may be in it: readable by the service's user only.
  await writeFile(options.output, configYaml(config, language, new Date()), { mode: 0o600 });
  const directoryFile = path.join(baseDir, 'aduan.directory.yaml');
  await writeFile(directoryFile, stringify(directoryFromAnswers(answers, sop)));
  const url = parsed.database.url.startsWith('file:')
    ? `file:${path.resolve(baseDir, parsed.database.url.slice('file:'.length))}`
    : parsed.database.url;
  await migrateDatabase(url);
  const store = await openStore(url);
  try {
    const extra = answers.get('directory');
    for (const file of [directoryFile, ...(extra ? [path.resolve(extra)] : [])]) {
      const directory = loadDirectory(file, sop, await store.repos.directory.units());
      await importDirectory(directory, {
        store,
        clock: () => new Date(),
        timeZone: parsed.office.timeZone,
        actor: operatorActor(),
      });
    }
  } finally {
    await store.close();
  }
  const written = path.relative(process.cwd(), options.output) || options.output;
  console.log(`\n${say.written}: ${written}, ${path.relative(process.cwd(), directoryFile)}`);
  console.log(`${say.next}:\n  aduan doctor -c ${written}\n  aduan start -c ${written}`);
}

async function mailboxCheck(answers: Answers, prefix: 'mailbox' | 'fax'): Promise<CheckResult[]> {
  if (prefix === 'fax' && answers.get('fax.enabled') !== 'ya') return [];
  const config = configFromAnswers(answers);
  const mailbox = (config.mailboxes as Record<string, unknown>[]).find(
    (m) => m.name === (prefix === 'mailbox' ? 'pengaduan' : 'faks'),
  );
  if (mailbox?.type !== 'imap') return [];
  // Only the mailbox: the sections after it are not answered yet.
  const parsed = parseConfig({ mailboxes: [mailbox] }).mailboxes[0] as ImapMailboxConfig;
  return checkImapMailbox(parsed);
}

function printChecks(results: readonly CheckResult[]): void {
  for (const result of results) {
    console.log(`  ${{ pass: '✓', warn: '!', fail: '✗' }[result.status]} ${result.name}: ${result.detail}`);
    if (result.fix && result.status !== 'pass') console.log(`    → ${result.fix}`);
  }
}

/** Answers from a file: a missing answer takes the default, or stops with the path to add. */
function fromFile(given: Answers, file: string): Asker {
  return {
    interactive: false,
    async ask(question) {
      const value = given.get(question.path) ?? question.default;
      if (value === undefined && !question.optional)
        throw new UsageError(`${file}: ${question.path} is missing (${question.ask.en})`);
      if (value !== undefined && question.choices && !question.choices.includes(value))
        throw new UsageError(
          `${file}: ${question.path} is "${value}": use one of ${question.choices.join(', ')}`,
        );
      return value;
    },
    confirm: async () => false,
    close() {},
  };
}

async function fromTerminal(language: Language): Promise<Asker> {
  const terminal: Interface = createInterface({ input: process.stdin, output: process.stdout });
  // Lines read through the iterator, not question(): piped answers arrive before they are asked for.
  const lines = terminal[Symbol.asyncIterator]();
  const readAnswer = async (prompt: string): Promise<string> => {
    process.stdout.write(prompt);
    const line = await lines.next();
    if (line.done)
      throw new UsageError('the input ended before every question was answered; nothing written');
    return String(line.value);
  };
  const say = SAY[language];
  const yes = (text: string) => /^(y|ya|yes)$/i.test(text.trim());
  return {
    interactive: true,
    async ask(question) {
      const hint = question.choices ? ` (${question.choices.join('/')})` : '';
      for (;;) {
        const typed = (
          await readAnswer(
            `${question.ask[language]}${hint}${question.default ? ` [${question.default}]` : ''}: `,
          )
        ).trim();
        const value = typed || question.default;
        if (value === undefined || value === '') {
          if (question.optional) return undefined;
          console.log(`  ${say.required}`);
          continue;
        }
        if (!question.choices) return value;
        // "wita" is WITA, "IMAP" is imap.
        const choice = question.choices.find((c) => c.toLowerCase() === value.toLowerCase());
        if (choice) return choice;
        console.log(`  ${say.choose}: ${question.choices.join(', ')}`);
      }
    },
    confirm: async (prompt) => yes(await readAnswer(`${prompt} `)),
    close: () => terminal.close(),
  };
}
