import { describe, expect, it } from 'vitest';
import { parseSop } from './parse-sop.ts';
import type { SopProblem } from './sop-problem.ts';
import { formatSopProblems } from './sop-problem.ts';

// A three-step SOP that passes every check; each case below breaks one thing in it.
const VALID = `
id: contoh
name: Contoh
source: SOP contoh
timeZone: Asia/Makassar
roles:
  - key: admin
    title: Admin Layanan Aduan
    unit: diskominfo
    supervisor: kasi
  - key: kasi
    title: Kepala Seksi
    unit: diskominfo
steps:
  - id: terima
    no: 1
    name: Terima
    uraian: Menerima aduan
    actor: admin
    time: 60 menit
    actions:
      teruskan: { to: periksa, label: Teruskan, main: true }
      tolak: { to: ditolak, label: Tolak, notify: rejection }
  - id: periksa
    no: 2
    name: Periksa
    uraian: Memeriksa aduan
    actor: kasi
    time: 1 hari
    actions:
      kembalikan: { to: terima, label: Kembalikan }
      teruskan: { to: jawab, label: Teruskan, main: true }
  - id: jawab
    no: 3
    name: Jawab
    uraian: Menjawab aduan
    actor: admin
    time: 30 menit
    actions:
      jawab: { to: dijawab, label: Jawab, notify: answer }
`;

function problemsOf(yaml: string): SopProblem[] {
  const result = parseSop(yaml, 'contoh.yaml');
  return result.ok ? [] : result.problems;
}

function summary(yaml: string): [string, string, number | undefined][] {
  return problemsOf(yaml).map((p) => [p.code, p.path, p.line]);
}

describe('checkSop via parseSop', () => {
  it('accepts the valid example', () => {
    expect(problemsOf(VALID)).toEqual([]);
  });

  it.each([
    [
      'action leading back to its own step',
      VALID.replace('to: jawab,', 'to: periksa,'),
      'self_target',
      'steps[1].actions.teruskan.to',
      'leads back to this same step',
    ],
    [
      'unknown role',
      VALID.replace('actor: kasi', 'actor: kabid'),
      'unknown_role',
      'steps[1].actor',
      'Use one of: admin, kasi',
    ],
    [
      'unknown supervisor',
      VALID.replace('supervisor: kasi', 'supervisor: kadis'),
      'unknown_role',
      'roles[0].supervisor',
      'not a declared role',
    ],
    [
      'unknown target step',
      VALID.replace('to: jawab,', 'to: jawaban,'),
      'unknown_target',
      'steps[1].actions.teruskan.to',
      '"jawaban" is not a step',
    ],
    [
      'unknown onOverdue step',
      VALID.replace('    time: 1 hari\n', '    time: 1 hari\n    onOverdue: nanti\n'),
      'unknown_target',
      'steps[1].onOverdue',
      'Use a step id (terima, periksa, jawab)',
    ],
    [
      'unknown action name',
      VALID.replace('kembalikan: {', 'balikkan: {'),
      'unknown_action',
      'steps[1].actions.balikkan',
      'Use one of: teruskan, jalur_cepat',
    ],
    [
      'missing time standard',
      VALID.replace('    time: 1 hari\n', ''),
      'missing_time_standard',
      'steps[1].time',
      'Add "time:"',
    ],
    [
      'unparseable time standard',
      VALID.replace('time: 1 hari', 'time: sehari'),
      'bad_time_standard',
      'steps[1].time',
      '"sehari" is not a time standard',
    ],
    [
      'time without unit',
      VALID.replace('time: 1 hari', 'time: 60'),
      'bad_time_standard',
      'steps[1].time',
      'has no unit',
    ],
    [
      'duplicate step id',
      VALID.replace('id: jawab', 'id: periksa'),
      'duplicate_step_id',
      'steps[2].id',
      'used twice',
    ],
    [
      'duplicate step number',
      VALID.replace('no: 3', 'no: 2'),
      'duplicate_step_no',
      'steps[2].no',
      'used twice',
    ],
    [
      'step with no way forward',
      VALID.replace(
        '      jawab: { to: dijawab, label: Jawab, notify: answer }\n',
        '      perpanjang: { extendTo: 14 hari, label: Perpanjang }\n',
      ),
      'no_way_forward',
      'steps[2].actions',
      'would be stuck',
    ],
    [
      'unknown time zone',
      VALID.replace('Asia/Makassar', 'WITA'),
      'unknown_time_zone',
      'timeZone',
      'Asia/Makassar (WITA)',
    ],
    [
      'perpanjang without extendTo',
      VALID.replace('kembalikan: { to: terima, label: Kembalikan }', 'perpanjang: { label: Perpanjang }'),
      'bad_extension',
      'steps[1].actions.perpanjang',
      'extendTo: 14 hari',
    ],
    [
      'misspelt field',
      VALID.replace('uraian: Memeriksa aduan', 'uriaan: Memeriksa aduan'),
      'unknown_field',
      'steps[1].uriaan',
      'Fields allowed here: id, no, name, uraian',
    ],
    [
      'missing field',
      VALID.replace('    name: Periksa\n', ''),
      'missing_field',
      'steps[1].name',
      'a short Indonesian title',
    ],
    [
      'wrong unit kind',
      VALID.replace('unit: diskominfo\n    supervisor', 'unit: dinas\n    supervisor'),
      'invalid_value',
      'roles[0].unit',
      'Use one of: diskominfo, opd',
    ],
  ])('%s', (_name, yaml, code, path, words) => {
    const problems = problemsOf(yaml);
    expect(problems.map((p) => [p.code, p.path])).toContainEqual([code, path]);
    expect(problems.find((p) => p.code === code)?.message).toContain(words);
  });

  it('finds an unreachable step and points at its line', () => {
    const yaml = VALID.replace(
      'teruskan: { to: jawab, label: Teruskan, main: true }',
      'teruskan: { to: dijawab, label: Teruskan, main: true }',
    );
    expect(summary(yaml)).toEqual([['unreachable_step', 'steps[2]', 33]]);
    expect(problemsOf(yaml)[0]?.message).toContain('cannot be reached from the first step "terima"');
  });

  it('finds a main path going round in a circle', () => {
    const yaml = VALID.replace(
      'kembalikan: { to: terima, label: Kembalikan }',
      'kembalikan: { to: terima, label: Kembalikan, main: true }',
    ).replace(
      'teruskan: { to: jawab, label: Teruskan, main: true }',
      'teruskan: { to: jawab, label: Teruskan }',
    );
    const problems = problemsOf(yaml);
    expect(problems.map((p) => p.code)).toEqual(['main_path_loop']);
    expect(problems[0]?.message).toContain('terima → periksa → terima');
  });

  it('lists several problems at once, with lines', () => {
    const yaml = VALID.replace('actor: kasi', 'actor: kabid')
      .replace('time: 30 menit', 'time: sebentar')
      .replace('to: dijawab', 'to: terjawab');
    expect(summary(yaml)).toEqual([
      ['unknown_role', 'steps[1].actor', 28],
      ['bad_time_standard', 'steps[2].time', 38],
      ['unknown_target', 'steps[2].actions.jawab.to', 40],
    ]);
    expect(formatSopProblems(problemsOf(yaml)).split('\n')[0]).toMatch(
      /^contoh\.yaml:28 steps\[1\]\.actor: "kabid" is not a declared role/,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const yaml = VALID.replace(
      '    uraian: Memeriksa aduan\n',
      '    uraian: Memeriksa aduan\n   actor kasi\n',
    );
    const problems = problemsOf(yaml);
    expect(problems[0]?.code).toBe('yaml_syntax');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(28);
    expect(problems[0]?.message).toContain('near line 28');
    expect(problems[0]?.message).toContain('more syntax error(s) after it');
  });

  it('reports a duplicate key as a syntax error', () => {
    const problems = problemsOf(VALID.replace('    time: 1 hari\n', '    time: 1 hari\n    time: 2 hari\n'));
    expect(problems.map((p) => [p.code, p.line])).toEqual([['yaml_syntax', 30]]);
  });

  it('rejects a file that is not a mapping', () => {
    expect(summary('- just\n- a list\n')).toEqual([['not_a_mapping', '', 1]]);
  });
});
