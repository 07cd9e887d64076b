import { describe, expect, it } from 'vitest';
import { localDateKey } from '../calendar/zoned-time.ts';
import { simulateSop } from './simulate.ts';
import { loadPreset, wibCalendar, witaCalendar } from './sop-test-fixtures.ts';
import { formatTimeStandard } from './time-standard.ts';

const wita = witaCalendar();
const at = (iso: string): Date => new Date(iso);

describe('simulateSop', () => {
  it('Balangan arriving Friday after office hours starts counting Monday 07:30', () => {
    const run = simulateSop(loadPreset('balangan'), {
      start: at('2026-11-20T17:00:00+08:00'),
      calendar: wita,
    });
    expect(run.startsAt).toEqual(at('2026-11-23T07:30:00+08:00'));
    expect(run.steps.map((s) => [s.no, s.startsAt.toISOString(), s.dueAt.toISOString()])).toEqual([
      [1, '2026-11-22T23:30:00.000Z', '2026-11-23T00:30:00.000Z'],
      [2, '2026-11-23T00:30:00.000Z', '2026-11-23T01:30:00.000Z'],
      [3, '2026-11-23T01:30:00.000Z', '2026-11-23T02:30:00.000Z'],
      [4, '2026-11-23T02:30:00.000Z', '2026-11-23T03:30:00.000Z'],
      [5, '2026-11-23T03:30:00.000Z', '2026-11-23T04:30:00.000Z'],
      [6, '2026-11-23T04:30:00.000Z', '2026-11-23T05:30:00.000Z'],
      [7, '2026-11-23T05:30:00.000Z', '2026-11-30T05:30:00.000Z'], // 5 hari: Mon 13:30 → Mon 13:30
      [8, '2026-11-30T05:30:00.000Z', '2026-12-02T05:30:00.000Z'], // 2 hari
      [9, '2026-12-02T05:30:00.000Z', '2026-12-02T06:30:00.000Z'],
      [10, '2026-12-02T06:30:00.000Z', '2026-12-02T07:00:00.000Z'],
      [11, '2026-12-02T07:00:00.000Z', '2026-12-02T08:00:00.000Z'], // Wed 16:00 WITA, closing time
    ]);
    expect(run.steps[0]).toMatchObject({
      stepId: 'registrasi',
      name: 'Registrasi aduan',
      actor: 'admin_aduan',
      actorTitle: 'Admin Layanan Aduan',
      standard: { days: 0, minutes: 60 },
    });
    expect(formatTimeStandard(run.total)).toBe('7 hari 8 jam 30 menit');
    expect(run.outcome).toBe('dijawab');
    expect(run.finalDueAt).toEqual(at('2026-12-02T16:00:00+08:00'));
  });

  it('Balangan across Christmas skips cuti bersama 24 Dec and Natal 25 Dec', () => {
    const run = simulateSop(loadPreset('balangan'), {
      start: at('2026-12-16T08:00:00+08:00'),
      calendar: wita,
    });
    const approval = run.steps.find((s) => s.no === 8);
    // 2 hari from Wednesday 23 Dec 14:00: Thu 24, Fri 25 and the weekend are off → Tue 29 Dec.
    expect(approval?.startsAt).toEqual(at('2026-12-23T14:00:00+08:00'));
    expect(approval?.dueAt).toEqual(at('2026-12-29T14:00:00+08:00'));
    const days = run.steps.flatMap((s) => [
      localDateKey(s.startsAt, 'Asia/Makassar'),
      localDateKey(s.dueAt, 'Asia/Makassar'),
    ]);
    expect(days).not.toContain('2026-12-24');
    expect(days).not.toContain('2026-12-25');
    // Step 11 runs past Tuesday's closing and ends Wednesday 08:00.
    expect(run.finalDueAt).toEqual(at('2026-12-30T08:00:00+08:00'));
  });

  it("Kaltim counts the citizen's own step and sums to 2 hari 3 jam 10 menit", () => {
    const run = simulateSop(loadPreset('kaltim'), { start: at('2026-11-23T08:00:00+08:00'), calendar: wita });
    expect(run.steps[0]).toMatchObject({
      no: 1,
      actor: 'pelapor',
      actorTitle: 'Pelapor (warga)',
      dueAt: at('2026-11-23T08:15:00+08:00'),
    });
    expect(run.steps.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(formatTimeStandard(run.total)).toBe('2 hari 3 jam 10 menit');
    expect(run.finalDueAt).toEqual(at('2026-11-25T11:10:00+08:00'));
  });

  it('Karanganyar follows the silent-group escalation and leaves the monthly duties out', () => {
    const run = simulateSop(loadPreset('karanganyar'), {
      start: at('2026-11-23T08:00:00+07:00'),
      calendar: wibCalendar(),
    });
    expect(run.steps.map((s) => s.stepId)).toEqual([
      'penerimaan',
      'di_grup_aduan',
      'teruskan_opd',
      'tanggapan_warga',
      'pencatatan',
    ]);
    expect(formatTimeStandard(run.total)).toBe('3 hari 3 jam 30 menit');
    expect(run.outcome).toBe('selesai');
    expect(run.finalDueAt).toEqual(at('2026-11-26T11:30:00+07:00'));
  });
});
