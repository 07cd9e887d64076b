// Test support only (imported by *.test.ts): reads the shipped preset files and builds the
// Balangan/Kaltim office calendar. src/domain bans fs for production code; tests may do I/O.
import { readFileSync } from 'node:fs';
import { createWorkingCalendar, DEFAULT_OFFICE_HOURS } from '../calendar/working-calendar.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { HOLIDAYS_2026 } from '../calendar/holidays-2026.ts';
import { parseSop } from './parse-sop.ts';
import { formatSopProblems } from './sop-problem.ts';
import type { SopDefinition } from './sop-definition.ts';
import { SOP_PRESETS } from './presets.ts';
import type { SopPresetName } from './presets.ts';

export function readPresetText(name: SopPresetName): string {
  const preset = SOP_PRESETS.find((candidate) => candidate.name === name);
  if (preset === undefined) throw new Error(`no preset ${name}`);
  return readFileSync(new URL(`../../../templates/sop/${preset.file}`, import.meta.url), 'utf8');
}

export function loadPreset(name: SopPresetName): SopDefinition {
  const result = parseSop(readPresetText(name), `${name}.yaml`);
  if (!result.ok) throw new Error(formatSopProblems(result.problems));
  return result.sop;
}

/** WITA office hours and the 2026 holidays, as the brief's simulations use. */
export function witaCalendar(): WorkingCalendar {
  return createWorkingCalendar({
    timeZone: 'Asia/Makassar',
    hours: DEFAULT_OFFICE_HOURS,
    holidays: HOLIDAYS_2026,
  });
}

export function wibCalendar(): WorkingCalendar {
  return createWorkingCalendar({
    timeZone: 'Asia/Jakarta',
    hours: DEFAULT_OFFICE_HOURS,
    holidays: HOLIDAYS_2026,
  });
}
