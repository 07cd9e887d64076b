import { formatTanggalWaktu } from '../../domain/calendar/format-indonesian.ts';
import { zoneLabel } from '../../domain/calendar/zoned-time.ts';
import type { SopSimulation } from '../../domain/sop/simulate.ts';
import { findStep, type SopDefinition } from '../../domain/sop/sop-definition.ts';
import { formatTimeStandard } from '../../domain/sop/time-standard.ts';

/** `aduan sop simulate --json`: instants as ISO with the office's offset, plus the Indonesian text. */
export function simulationAsJson(
  sop: SopDefinition,
  simulation: SopSimulation,
  arrival: Date,
  timeZone: string,
) {
  const at = (instant: Date) => ({
    iso: isoInZone(instant, timeZone),
    text: formatTanggalWaktu(instant, timeZone),
  });
  return {
    sop: sop.id,
    timeZone,
    zone: zoneLabel(timeZone, arrival),
    arrival: at(arrival),
    startsAt: at(simulation.startsAt),
    steps: simulation.steps.map((step) => ({
      no: step.no,
      stepId: step.stepId,
      name: step.name,
      actor: step.actor,
      actorTitle: step.actorTitle,
      standard: formatTimeStandard(step.standard),
      startsAt: at(step.startsAt),
      dueAt: at(step.dueAt),
    })),
    total: formatTimeStandard(simulation.total),
    finalDueAt: at(simulation.finalDueAt),
    outcome: simulation.outcome,
  };
}

export function printSimulation(
  sop: SopDefinition,
  simulation: SopSimulation,
  arrival: Date,
  timeZone: string,
): void {
  const when = (instant: Date) => formatTanggalWaktu(instant, timeZone);
  const lines = [
    `Simulasi: ${sop.name}`,
    `Aduan masuk     : ${when(arrival)}`,
    `Mulai dihitung  : ${when(simulation.startsAt)}${simulation.startsAt.getTime() !== arrival.getTime() ? ' (aduan masuk di luar jam kerja)' : ''}`,
    '',
  ];
  for (const step of simulation.steps) {
    lines.push(
      `${String(step.no).padStart(2)}. ${step.name} — ${step.actorTitle} (${findStep(sop, step.stepId)?.timeText ?? formatTimeStandard(step.standard)})`,
      `    mulai ${when(step.startsAt)}`,
      `    batas ${when(step.dueAt)}`,
    );
  }
  lines.push(
    '',
    `Total standar waktu : ${formatTimeStandard(simulation.total)}`,
    `Selesai paling lambat: ${when(simulation.finalDueAt)}`,
  );
  console.log(lines.join('\n'));
}

/** 2026-11-23T07:30:00+08:00: the instant written in the office's own offset. */
function isoInZone(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
