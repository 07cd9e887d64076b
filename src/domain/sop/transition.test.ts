import { describe, expect, it } from 'vitest';
import { loadPreset, wibCalendar, witaCalendar } from './sop-test-fixtures.ts';
import { startComplaint, transition } from './transition.ts';
import type { SopEffect, SopEvent, SopState } from './transition.ts';
import type { SopDefinition } from './sop-definition.ts';

const balangan = loadPreset('balangan');
const karanganyar = loadPreset('karanganyar');
const kaltim = loadPreset('kaltim');
const wita = witaCalendar();
const wib = wibCalendar();

// Monday 23 November 2026, 08:00 WITA: inside office hours, no holiday for weeks.
const MONDAY = new Date('2026-11-23T08:00:00+08:00');

function act(action: string, actorRole: string, note?: string): SopEvent {
  return { type: 'action', action, actorRole, ...(note === undefined ? {} : { note }) };
}

/** Starts a complaint and applies the events in turn at `now`; fails the test on a rejected event. */
function drive(
  sop: SopDefinition,
  events: SopEvent[],
  now = MONDAY,
  calendar = wita,
): { state: SopState; effects: SopEffect[] } {
  let { state, effects } = startComplaint(sop, { now, calendar, channel: 'email' });
  for (const event of events) {
    const result = transition(sop, state, event, { now, calendar });
    if (!result.ok) throw new Error(`${JSON.stringify(event)}: ${result.error.message}`);
    ({ state, effects } = result);
  }
  return { state, effects };
}

describe('startComplaint', () => {
  it('acknowledges the citizen and opens the first task with its deadline', () => {
    const { state, effects } = startComplaint(balangan, { now: MONDAY, calendar: wita, channel: 'fax' });
    expect(effects).toEqual([
      { kind: 'notify-citizen', template: 'acknowledgement', channel: 'fax' },
      {
        kind: 'open-task',
        stepId: 'registrasi',
        role: 'admin_aduan',
        dueAt: new Date('2026-11-23T09:00:00+08:00'),
      },
    ]);
    expect(state).toEqual({
      stepId: 'registrasi',
      stepStartedAt: MONDAY,
      dueAt: new Date('2026-11-23T09:00:00+08:00'),
      extended: false,
      channel: 'fax',
    });
  });

  it("completes the citizen's own step (Kaltim 1): the complaint mail is the registration", () => {
    const { state, effects } = startComplaint(kaltim, { now: MONDAY, calendar: wita, channel: 'email' });
    expect(state.stepId).toBe('penerimaan_operator');
    expect(effects.map((e) => e.kind)).toEqual(['notify-citizen', 'open-task']);
    expect(effects[1]).toMatchObject({
      stepId: 'penerimaan_operator',
      role: 'operator',
      dueAt: new Date('2026-11-23T08:10:00+08:00'),
    });
  });
});

describe('transitions', () => {
  it.each<[string, SopDefinition, SopEvent[], string | null, string | undefined, string[]]>([
    [
      'Balangan fast lane goes straight to the OPD admin',
      balangan,
      [act('jalur_cepat', 'admin_aduan')],
      'penerimaan_opd',
      undefined,
      ['close-task', 'open-task'],
    ],
    [
      'Balangan Kasi returns to the admin',
      balangan,
      [act('teruskan', 'admin_aduan'), act('kembalikan', 'kasi_kpp', 'NIK belum ada')],
      'registrasi',
      undefined,
      ['close-task', 'open-task'],
    ],
    [
      'Balangan admin rejects',
      balangan,
      [act('tolak', 'admin_aduan', 'Terlalu umum')],
      null,
      'ditolak',
      ['close-task', 'notify-citizen', 'close-complaint'],
    ],
    [
      'Balangan Kadis disposes with a lembar disposisi',
      balangan,
      [
        act('teruskan', 'admin_aduan'),
        act('teruskan', 'kasi_kpp'),
        act('teruskan', 'kabid_ikp'),
        act('teruskan', 'kadis'),
      ],
      'penerimaan_opd',
      undefined,
      ['close-task', 'render-document', 'open-task'],
    ],
    [
      'Balangan OPD returns a complaint outside its authority',
      balangan,
      [act('jalur_cepat', 'admin_aduan'), act('kembalikan', 'admin_opd')],
      'registrasi',
      undefined,
      ['close-task', 'open-task'],
    ],
    [
      'Kaltim information request is answered directly and closes',
      kaltim,
      [act('teruskan', 'operator'), act('informasi', 'tim_diskominfo', 'Jadwal ada di situs')],
      null,
      'dijawab',
      ['close-task', 'notify-citizen', 'close-complaint'],
    ],
    [
      'Kaltim aspiration goes to the OPD team',
      kaltim,
      [act('teruskan', 'operator'), act('teruskan', 'tim_diskominfo')],
      'tanggapan_opd',
      undefined,
      ['close-task', 'open-task'],
    ],
    [
      'Karanganyar group member takes it up',
      karanganyar,
      [act('teruskan', 'admin_kabupaten'), act('ambil', 'grup_aduan')],
      'tanggapan_warga',
      undefined,
      ['close-task', 'open-task'],
    ],
    [
      'Karanganyar OPD answer reaches the citizen, then is recorded',
      karanganyar,
      [
        act('teruskan', 'admin_kabupaten'),
        act('ambil', 'grup_aduan'),
        act('jawab', 'admin_opd', 'Sudah diperbaiki'),
      ],
      'pencatatan',
      undefined,
      ['close-task', 'notify-citizen', 'open-task'],
    ],
  ])('%s', (_name, sop, events, stepId, outcome, kinds) => {
    const { state, effects } = drive(sop, events);
    expect(state.stepId).toBe(stepId);
    expect(state.outcome).toBe(outcome);
    expect(effects.map((e) => e.kind)).toEqual(kinds);
  });

  it('Balangan main path ends answered on the channel the citizen used, with the three documents', () => {
    const main = [
      act('teruskan', 'admin_aduan'),
      act('teruskan', 'kasi_kpp'),
      act('teruskan', 'kabid_ikp'),
      act('teruskan', 'kadis'),
      act('teruskan', 'admin_opd'),
      act('teruskan', 'kepala_opd'),
      act('jawab', 'sekretaris_opd'),
      act('setuju', 'kepala_opd'),
      act('kirim', 'admin_opd'),
      act('teruskan', 'kadis'),
    ];
    const before = drive(balangan, main);
    expect(before.state.stepId).toBe('penyampaian_jawaban');
    expect(before.effects).toContainEqual({
      kind: 'render-document',
      document: 'lembar_disposisi',
      stepId: 'disposisi_diskominfo',
    });
    const last = transition(balangan, before.state, act('jawab', 'admin_aduan', 'Jalan sudah diperbaiki.'), {
      now: MONDAY,
      calendar: wita,
    });
    expect(last.ok && last.effects).toEqual([
      { kind: 'close-task', stepId: 'penyampaian_jawaban' },
      { kind: 'notify-citizen', template: 'answer', channel: 'email', note: 'Jalan sudah diperbaiki.' },
      { kind: 'close-complaint', outcome: 'dijawab' },
    ]);
  });

  it('Balangan SETUJU renders the surat tanggapan', () => {
    const path = ['admin_aduan', 'kasi_kpp', 'kabid_ikp', 'kadis', 'admin_opd', 'kepala_opd'].map((role) =>
      act('teruskan', role),
    );
    const { effects } = drive(balangan, [
      ...path,
      act('jawab', 'sekretaris_opd'),
      act('setuju', 'kepala_opd'),
    ]);
    expect(effects).toContainEqual({
      kind: 'render-document',
      document: 'surat_tanggapan',
      stepId: 'persetujuan_tanggapan',
    });
  });

  it('PERPANJANG moves the deadline to 14 working days after the step began, once', () => {
    const { state } = drive(balangan, [
      act('jalur_cepat', 'admin_aduan'),
      act('teruskan', 'admin_opd'),
      act('teruskan', 'kepala_opd'),
    ]);
    expect(state.stepId).toBe('penyusunan_tanggapan');
    expect(state.dueAt).toEqual(new Date('2026-11-30T08:00:00+08:00')); // 5 hari
    const later = new Date('2026-11-25T10:00:00+08:00');
    const extended = transition(balangan, state, act('perpanjang', 'sekretaris_opd', 'Tinjauan lapangan'), {
      now: later,
      calendar: wita,
    });
    if (!extended.ok) throw new Error(extended.error.message);
    expect(extended.state).toMatchObject({
      stepId: 'penyusunan_tanggapan',
      extended: true,
      dueAt: new Date('2026-12-11T08:00:00+08:00'),
    });
    expect(extended.effects).toEqual([
      { kind: 'extend-task', stepId: 'penyusunan_tanggapan', dueAt: new Date('2026-12-11T08:00:00+08:00') },
    ]);
    const again = transition(balangan, extended.state, act('perpanjang', 'sekretaris_opd'), {
      now: later,
      calendar: wita,
    });
    expect(!again.ok && again.error.code).toBe('already_extended');
  });

  it('Karanganyar: a silent group escalates by itself once its 60 minutes are over', () => {
    const mondayWib = new Date('2026-11-23T08:00:00+07:00');
    const { state } = drive(karanganyar, [act('teruskan', 'admin_kabupaten')], mondayWib, wib);
    expect(state).toMatchObject({ stepId: 'di_grup_aduan', dueAt: new Date('2026-11-23T09:00:00+07:00') });
    const early = transition(
      karanganyar,
      state,
      { type: 'overdue' },
      { now: new Date('2026-11-23T08:59:00+07:00'), calendar: wib },
    );
    expect(!early.ok && early.error.code).toBe('not_yet_due');
    const late = transition(
      karanganyar,
      state,
      { type: 'overdue' },
      { now: new Date('2026-11-23T09:05:00+07:00'), calendar: wib },
    );
    expect(late.ok && late.state.stepId).toBe('teruskan_opd');
    expect(late.ok && late.effects).toEqual([
      { kind: 'close-task', stepId: 'di_grup_aduan' },
      {
        kind: 'open-task',
        stepId: 'teruskan_opd',
        role: 'admin_kabupaten',
        dueAt: new Date('2026-11-23T10:05:00+07:00'),
      },
    ]);
  });
});
