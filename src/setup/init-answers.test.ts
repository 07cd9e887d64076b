import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../config/load-config.ts';
import { loadSop } from '../config/load-sop.ts';
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
} from './init-answers.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/init/answers.yaml');
const example = () => flattenAnswers(parse(readFileSync(EXAMPLE, 'utf8')));

describe('the example answers file (examples/init/answers.yaml)', () => {
  it('answers every question the wizard would have to ask for the Balangan SOP', () => {
    const answers = example();
    const questions = [
      ...OFFICE_QUESTIONS,
      ...mailboxQuestions('mailbox'),
      ...FAX_QUESTIONS,
      ...DELIVERY_QUESTIONS,
      ...peopleQuestions(loadSop('balangan')),
      ...CLOSING_QUESTIONS,
    ];
    const unanswered = questions
      .filter((q) => applies(q, answers) && !q.optional && q.default === undefined)
      .filter((q) => !answers.has(q.path))
      .map((q) => q.path);
    expect(unanswered).toEqual([]);
    // and names no place the wizard does not know
    const known = new Set(questions.map((q) => q.path));
    expect([...answers.keys()].filter((key) => !known.has(key))).toEqual([]);
  });

  it('makes a valid config with absolute data paths, and the directory of Diskominfo', () => {
    const answers = example();
    const config = parseConfig(configFromAnswers(answers));
    expect(config).toMatchObject({
      dataDir: '/var/lib/kotak-aduan',
      database: { url: 'file:/var/lib/kotak-aduan/aduan.db' },
      office: { timeZone: 'Asia/Makassar' },
      mailboxes: [{ type: 'imap', secure: true, port: 993 }],
      delivery: { type: 'smtp', secure: false, user: 'pengaduan@balangankab.go.id' },
      monitoring: { port: 9464 },
    });
    const directory = directoryFromAnswers(answers, loadSop('balangan'));
    expect((directory.people as { roles: string[] }[]).map((p) => p.roles)).toEqual([
      ['admin_aduan'],
      ['kasi_kpp'],
      ['kabid_ikp'],
      ['kadis'],
    ]);
  });

  it('writes YAML that reads back as the same config, with a word on each section', () => {
    const config = configFromAnswers(example());
    const text = configYaml(config, 'en', new Date('2026-11-24T00:00:00Z'));
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(config)));
    expect(text).toMatch(/^# Kotak Aduan: written by `aduan init` on 2026-11-24\./);
    expect(text).toMatch(/# The mailboxes read\. .*\nmailboxes:/);
  });
});
