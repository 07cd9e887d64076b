import { SOP_ACTIONS } from '../../domain/sop/action-vocabulary.ts';
import {
  findStep,
  isTerminalOutcome,
  roleTitle,
  type SopDefinition,
  type SopStep,
} from '../../domain/sop/sop-definition.ts';
import { totalTimeStandard } from '../../domain/sop/sop-paths.ts';
import { formatTimeStandard, type TimeStandard } from '../../domain/sop/time-standard.ts';

const OUTCOME_LABELS: Record<string, string> = {
  selesai: 'selesai',
  dijawab: 'dijawab (selesai)',
  ditolak: 'ditolak',
  diarsipkan: 'diarsipkan',
};

/** `aduan sop show --json`: the SOP as data, time standards both as numbers and in the SOP's words. */
export function describeSop(sop: SopDefinition) {
  const time = (t: TimeStandard) => ({ days: t.days, minutes: t.minutes, text: formatTimeStandard(t) });
  return {
    id: sop.id,
    name: sop.name,
    source: sop.source,
    timeZone: sop.timeZone,
    roles: sop.roles,
    steps: sop.steps.map((step) => ({
      no: step.no,
      id: step.id,
      name: step.name,
      uraian: step.uraian,
      actor: step.actor,
      actorTitle: roleTitle(sop, step.actor),
      receives: step.receives,
      produces: step.produces,
      time: { ...time(step.time), written: step.timeText },
      note: step.note ?? null,
      checks: step.checks,
      actions: Object.entries(step.actions).map(([name, action]) => ({
        name,
        command: SOP_ACTIONS[name as keyof typeof SOP_ACTIONS].command,
        to: action.to,
        label: action.label,
        main: action.main,
        produces: action.produces ?? null,
        extendTo: action.extendTo ? time(action.extendTo) : null,
      })),
      onOverdue: step.onOverdue ?? null,
    })),
    total: time(totalTimeStandard(sop)),
    statedTotal: sop.statedTotal ? time(sop.statedTotal) : null,
    recurring: sop.recurring.map((duty) => ({
      no: duty.no,
      id: duty.id,
      name: duty.name,
      actor: duty.actor,
      schedule: duty.schedule,
      time: time(duty.time),
    })),
    records: sop.records,
  };
}

export function printSop(sop: SopDefinition): void {
  const lines = [sop.name, `Sumber: ${sop.source}`, `Zona waktu: ${sop.timeZone}`, ''];
  for (const step of sop.steps) lines.push(...stepLines(sop, step), '');
  if (sop.recurring.length) {
    lines.push('Tugas berkala (di luar alur per aduan):');
    for (const duty of sop.recurring) {
      lines.push(
        `${String(duty.no).padStart(2)}. ${duty.uraian}`,
        `    Pelaksana : ${roleTitle(sop, duty.actor)} · ${duty.schedule} · ${duty.timeText}`,
      );
    }
    lines.push('');
  }
  const total = formatTimeStandard(totalTimeStandard(sop));
  lines.push(`Total waktu (jalur utama): ${total}`);
  if (sop.statedTotal) {
    const stated = formatTimeStandard(sop.statedTotal);
    lines.push(
      stated === total
        ? `Sesuai total dalam dokumen SOP: ${stated}`
        : `Total menurut dokumen SOP: ${stated} (jumlah langkah: ${total})`,
    );
  }
  console.log(lines.join('\n'));
}

function stepLines(sop: SopDefinition, step: SopStep): string[] {
  const lines = [
    `${String(step.no).padStart(2)}. ${step.uraian}`,
    `    Pelaksana   : ${roleTitle(sop, step.actor)}`,
  ];
  if (step.receives.length) lines.push(`    Kelengkapan : ${step.receives.join(', ')}`);
  if (step.produces.length) lines.push(`    Output      : ${step.produces.join(', ')}`);
  lines.push(`    Waktu       : ${step.timeText}`);
  if (step.note) lines.push(`    Keterangan  : ${step.note}`);
  const actions = Object.entries(step.actions).map(([name, action]) => {
    const command = SOP_ACTIONS[name as keyof typeof SOP_ACTIONS].command;
    if (action.extendTo) return `${command} (batas menjadi ${formatTimeStandard(action.extendTo)})`;
    return `${command} → ${targetLabel(sop, action.to)}`;
  });
  if (actions.length) lines.push(`    Perintah    : ${actions.join('; ')}`);
  if (step.onOverdue) lines.push(`    Jika lewat waktu: → ${targetLabel(sop, step.onOverdue)}`);
  return lines;
}

function targetLabel(sop: SopDefinition, to: string): string {
  if (isTerminalOutcome(to)) return OUTCOME_LABELS[to] ?? to;
  const target = findStep(sop, to);
  return target ? `langkah ${target.no} (${target.name})` : to;
}
