import { describe, expect, it } from 'vitest';
import { loadPreset, witaCalendar } from './sop-test-fixtures.ts';
import { startComplaint, transition } from './transition.ts';
import type { SopEvent, SopState } from './transition.ts';

// Events the state machine must refuse, each with the actions that are valid instead.
const balangan = loadPreset('balangan');
const wita = witaCalendar();
const MONDAY = new Date('2026-11-23T08:00:00+08:00');

function act(action: string, actorRole: string): SopEvent {
  return { type: 'action', action, actorRole };
}

describe('rejected events', () => {
  const started = startComplaint(balangan, { now: MONDAY, calendar: wita, channel: 'email' }).state;

  it.each<[string, SopState, SopEvent, string, string[]]>([
    [
      'the wrong role',
      started,
      act('teruskan', 'admin_opd'),
      'wrong_role',
      ['teruskan', 'jalur_cepat', 'tolak'],
    ],
    [
      'an action not offered at this step',
      started,
      act('setuju', 'admin_aduan'),
      'action_not_allowed',
      ['teruskan', 'jalur_cepat', 'tolak'],
    ],
    [
      'a word outside the vocabulary',
      started,
      act('hapus', 'admin_aduan'),
      'action_not_allowed',
      ['teruskan', 'jalur_cepat', 'tolak'],
    ],
    [
      'overdue where the SOP does not escalate by itself',
      started,
      { type: 'overdue' },
      'no_overdue_path',
      ['teruskan', 'jalur_cepat', 'tolak'],
    ],
    [
      'anything on a closed complaint',
      { ...started, stepId: null, outcome: 'ditolak' },
      act('teruskan', 'admin_aduan'),
      'complaint_closed',
      [],
    ],
  ])('%s', (_name, state, event, code, allowed) => {
    const result = transition(balangan, state, event, { now: MONDAY, calendar: wita });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.allowedActions).toEqual(allowed);
  });

  it('tells the official in Indonesian which commands are valid', () => {
    const result = transition(balangan, started, act('setuju', 'admin_aduan'), {
      now: MONDAY,
      calendar: wita,
    });
    expect(!result.ok && result.error.userMessage).toBe(
      'Perintah "setuju" tidak berlaku pada langkah "Registrasi aduan". Perintah yang berlaku: TERUSKAN, JALUR CEPAT, TOLAK.',
    );
  });
});
