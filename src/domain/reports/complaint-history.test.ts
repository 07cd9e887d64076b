import { describe, expect, it } from 'vitest';
import { openTasks, replayComplaint, reportTrail, type ReportComplaint } from './complaint-history.ts';

const complaint: ReportComplaint = {
  id: 'c1',
  trackingNumber: 'ADU-2026-000001',
  agendaNumber: null,
  channel: 'email',
  type: 'pengaduan',
  category: 'Infrastruktur',
  subject: 'Jalan berlubang',
  body: '',
  anonymous: false,
  confidential: false,
  receivedAt: new Date('2026-10-01T02:00:00Z'),
  registeredAt: new Date('2026-10-01T02:00:00Z'),
  opdUnitCode: 'pupr',
  complainantName: 'Siti',
};
const at = (iso: string) => new Date(iso);
const line = (iso: string, type: string, data: Record<string, unknown>) =>
  [Date.parse(iso), type, data] as const;
const events = [
  line('2026-10-01T02:00:00Z', 'task.opened', {
    taskId: 't1',
    stepId: 'registrasi',
    role: 'admin',
    dueAt: '2026-10-01T03:00:00Z',
  }),
  line('2026-10-01T02:30:00Z', 'task.completed', { taskId: 't1', action: 'teruskan' }),
  line('2026-10-01T02:30:00Z', 'complaint.unit_assigned', { unitCode: 'dlh' }),
  line('2026-10-01T02:30:00Z', 'task.opened', {
    taskId: 't2',
    stepId: 'jawab',
    role: 'admin_opd',
    dueAt: '2026-10-06T02:30:00Z',
  }),
  line('2026-10-05T02:30:00Z', 'task.extended', { taskId: 't2', dueAt: '2026-10-20T02:30:00Z' }),
  line('2026-11-02T02:30:00Z', 'task.completed', { taskId: 't2', action: 'jawab' }),
  line('2026-11-02T02:30:00Z', 'complaint.closed', { outcome: 'dijawab' }),
];
const trail = reportTrail(events);
const unitOfRole = (role: string) => (role === 'admin_opd' ? 'opd' : 'DISKOMINFO');

describe('replayComplaint', () => {
  it('gives the handling as it stood at the cut-off, whatever happened later', () => {
    const october = replayComplaint(complaint, trail, at('2026-11-01T00:00:00Z'), unitOfRole);
    expect(october.status).toBe('in_progress');
    expect(october.finishedAt).toBeNull();
    expect(october.unitCode).toBe('dlh');
    expect(openTasks(october)).toEqual([
      expect.objectContaining({
        id: 't2',
        unitCode: 'dlh',
        dueAt: at('2026-10-20T02:30:00Z'),
        closedAt: null,
      }),
    ]);
    expect(october.tasks[0]).toMatchObject({ id: 't1', unitCode: 'DISKOMINFO', action: 'teruskan' });
  });

  it('ends the path at the closing event', () => {
    const later = replayComplaint(complaint, trail, at('2026-12-01T00:00:00Z'), unitOfRole);
    expect(later).toMatchObject({
      status: 'answered',
      outcome: 'dijawab',
      finishedAt: at('2026-11-02T02:30:00Z'),
    });
    expect(openTasks(later)).toEqual([]);
  });

  it('falls back to the complaint’s OPD for a trail written before unit_assigned existed', () => {
    const old = reportTrail(events.filter(([, type]) => type !== 'complaint.unit_assigned'));
    const history = replayComplaint(complaint, old, at('2026-11-01T00:00:00Z'), unitOfRole);
    expect(history.unitCode).toBe('pupr');
    expect(history.tasks[1]?.unitCode).toBe('pupr');
  });

  it('calls a complaint with no task done yet registered', () => {
    const history = replayComplaint(
      complaint,
      reportTrail(events.slice(0, 1)),
      at('2026-10-01T02:10:00Z'),
      unitOfRole,
    );
    expect(history.status).toBe('registered');
  });

  it('reads a line whose data lacks a field without losing its place in the trail', () => {
    const gappy = reportTrail([
      line('2026-10-01T02:00:00Z', 'task.opened', {
        taskId: 't1',
        stepId: 'registrasi',
        role: 'admin',
        dueAt: '2026-10-01T03:00:00Z',
      }),
      line('2026-10-01T02:10:00Z', 'task.completed', { taskId: 't1' }),
      line('2026-10-01T02:20:00Z', 'complaint.auto_closed', {}),
      line('2026-10-01T02:30:00Z', 'complaint.closed', { outcome: 'dijawab' }),
    ]);
    const history = replayComplaint(complaint, gappy, at('2026-11-01T00:00:00Z'), unitOfRole);
    expect(history.tasks[0]).toMatchObject({ id: 't1', action: null, closedAt: at('2026-10-01T02:10:00Z') });
    expect(history).toMatchObject({ status: 'closed', outcome: 'dijawab' });
  });
});
