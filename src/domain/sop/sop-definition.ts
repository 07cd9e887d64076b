import { z } from 'zod';
import type { SopActionName } from './action-vocabulary.ts';
import type { TimeStandard } from './time-standard.ts';

/**
 * An SOP as data. `sopFileSchema` is the shape of a YAML file (time standards still as written);
 * `SopDefinition` is the checked, resolved form the engine runs on (time standards parsed).
 * The shape check is here; the cross-references (roles, targets, reachability) are in check-sop.ts.
 */

/** Where a complaint can end. `dijawab`: the citizen got an answer; `selesai`: recorded as done. */
export const TERMINAL_OUTCOMES = ['selesai', 'dijawab', 'ditolak', 'diarsipkan'] as const;
export type TerminalOutcome = (typeof TERMINAL_OUTCOMES)[number];

/** Official documents a step can produce (tata naskah dinas, Permendagri 1/2023). */
export const DOCUMENT_KINDS = ['lembar_disposisi', 'surat_tanggapan'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const UNIT_KINDS = ['diskominfo', 'opd'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** What an action may tell the citizen; the acknowledgement is always sent at registration. */
export const ACTION_NOTICES = ['answer', 'rejection'] as const;
export type ActionNotice = (typeof ACTION_NOTICES)[number];

/** Automated checks a step runs on the complaint (identitas_lengkap: Balangan step 1). */
export const STEP_CHECKS = ['identitas_lengkap'] as const;
export type StepCheck = (typeof STEP_CHECKS)[number];

export const RECURRENCES = ['harian', 'mingguan', 'bulanan'] as const;

/** The citizen. Not declared under `roles`; a step acted by the citizen completes by itself. */
export const CITIZEN_ROLE = 'pelapor';

const text = z.string().trim().min(1);
const key = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*$/,
    'use lower-case letters, digits and "_", starting with a letter (e.g. "admin_opd")',
  );
const timeText = z.union([z.string(), z.number()]);

const roleSchema = z.strictObject({
  key,
  title: text,
  unit: z.enum(UNIT_KINDS),
  /** Who is told when this role lets a task go overdue (kasi → kabid → kadis; in an OPD the Kepala). */
  supervisor: key.optional(),
});

const actionSchema = z.strictObject({
  /** A step id or a terminal outcome; left out by `perpanjang`, which stays on the step. */
  to: key.optional(),
  label: text,
  /** The action a complaint takes on the main path (simulate, totals); at most one per step. */
  main: z.boolean().optional(),
  produces: z.enum(DOCUMENT_KINDS).optional(),
  notify: z.enum(ACTION_NOTICES).optional(),
  /** New time standard for the step, counted from when the step started (PERPANJANG 14 HARI). */
  extendTo: timeText.optional(),
});

const stepFields = {
  id: key,
  no: z.number().int().min(1),
  /** Short Indonesian title, for subjects and lists. */
  name: text,
  /** "Uraian prosedur" as written in the SOP document. */
  uraian: text,
  actor: key,
  /** "Kelengkapan": what the step receives. */
  receives: z.array(text).default([]),
  /** "Output": what the step hands on. */
  produces: z.array(text).default([]),
  /** Optional in the shape so that a missing one is reported with the other semantic problems. */
  time: timeText.optional(),
  note: text.optional(),
};

const stepSchema = z.strictObject({
  ...stepFields,
  checks: z.array(z.enum(STEP_CHECKS)).default([]),
  actions: z.record(z.string(), actionSchema).default({}),
  /** Step the complaint moves to by itself when this step's time standard runs out. */
  onOverdue: key.optional(),
});

const recurringSchema = z.strictObject({ ...stepFields, schedule: z.enum(RECURRENCES) });

export const sopFileSchema = z.strictObject({
  id: key,
  name: text,
  /** The SOP document this file transcribes. */
  source: text,
  /** Suggested office zone; the office profile decides in the end. */
  timeZone: text,
  /** The total as the document states it, which need not equal the sum of the steps. */
  statedTotal: timeText.optional(),
  description: text.optional(),
  /** "Peringatan" of the document. */
  warning: text.optional(),
  /** "Pencatatan dan Pendataan": registers and reports the SOP asks for. */
  records: z.array(text).default([]),
  roles: z.array(roleSchema).min(1),
  steps: z.array(stepSchema).min(1),
  /** Duties on a schedule (monthly recap), outside any single complaint's path. */
  recurring: z.array(recurringSchema).default([]),
});

/** Field names allowed in each kind of mapping, for "unknown field" messages. */
export const SOP_FIELDS = {
  sop: Object.keys(sopFileSchema.shape),
  role: Object.keys(roleSchema.shape),
  step: Object.keys(stepSchema.shape),
  action: Object.keys(actionSchema.shape),
  recurring: Object.keys(recurringSchema.shape),
} as const;

export type SopFile = z.infer<typeof sopFileSchema>;
export type SopFileStep = SopFile['steps'][number];
export type SopRole = z.infer<typeof roleSchema>;

export interface SopAction {
  /** A step id, or a TerminalOutcome; an extension points at its own step. */
  to: string;
  label: string;
  main: boolean;
  produces?: DocumentKind;
  notify?: ActionNotice;
  extendTo?: TimeStandard;
}

export interface SopStep {
  id: string;
  no: number;
  name: string;
  uraian: string;
  actor: string;
  receives: string[];
  produces: string[];
  time: TimeStandard;
  /** The time standard as written in the file ("30 Menit"). */
  timeText: string;
  note?: string;
  checks: StepCheck[];
  actions: Partial<Record<SopActionName, SopAction>>;
  onOverdue?: string;
}

export interface SopRecurringDuty extends Omit<SopStep, 'checks' | 'actions' | 'onOverdue'> {
  schedule: (typeof RECURRENCES)[number];
}

export interface SopDefinition {
  id: string;
  name: string;
  source: string;
  timeZone: string;
  statedTotal?: TimeStandard;
  description?: string;
  warning?: string;
  records: string[];
  roles: SopRole[];
  steps: SopStep[];
  recurring: SopRecurringDuty[];
}

export function isTerminalOutcome(value: string): value is TerminalOutcome {
  return (TERMINAL_OUTCOMES as readonly string[]).includes(value);
}

export function findStep(sop: SopDefinition, stepId: string): SopStep | undefined {
  return sop.steps.find((step) => step.id === stepId);
}

export function roleTitle(sop: SopDefinition, roleKey: string): string {
  if (roleKey === CITIZEN_ROLE) return 'Pelapor (warga)';
  return sop.roles.find((role) => role.key === roleKey)?.title ?? roleKey;
}

/** Action names valid at a step, in the order the file lists them. */
export function actionNamesOf(step: SopStep): SopActionName[] {
  return Object.keys(step.actions) as SopActionName[];
}
