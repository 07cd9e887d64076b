import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { SopActionName } from './action-vocabulary.ts';
import { checkSop } from './check-sop.ts';
import { sopFileSchema } from './sop-definition.ts';
import type {
  SopAction,
  SopDefinition,
  SopFile,
  SopFileStep,
  SopRecurringDuty,
  SopStep,
} from './sop-definition.ts';
import { problemCollector } from './sop-problem.ts';
import type { LocatePath, PathSegment, SopProblem } from './sop-problem.ts';
import { parseTimeStandard } from './time-standard.ts';
import type { TimeStandard } from './time-standard.ts';
import { describeSchemaIssues } from './schema-issues.ts';

/**
 * YAML text → a checked SopDefinition, or every problem found with its line. Pure: the caller
 * reads the file (preset or an office's copy) and passes its text and a name for the messages.
 */

export type ParseSopResult = { ok: true; sop: SopDefinition } | { ok: false; problems: SopProblem[] };

export function parseSop(yamlText: string, sourceName: string): ParseSopResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const locate = locator(doc, lineCounter);
  const { problems, report } = problemCollector(sourceName, locate);

  // Only the first syntax error: the ones after it usually follow from it and mislead.
  const [error, ...more] = doc.errors;
  if (error !== undefined) {
    const line = lineCounter.linePos(error.pos[0]).line;
    const fix =
      error.code === 'DUPLICATE_KEY'
        ? 'Remove or rename the repeated key.'
        : 'Check the indentation (spaces, not tabs) and quote text containing ": " or " #".';
    const rest =
      more.length > 0 ? ` (${more.length} more syntax error(s) after it, probably caused by this one)` : '';
    problems.push({
      code: 'yaml_syntax',
      source: sourceName,
      path: '',
      line,
      message: `YAML syntax error near line ${line}: ${error.message}. ${fix}${rest}`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    report(
      'not_a_mapping',
      [],
      'The file must be a mapping with id, name, source, timeZone, roles and steps (see templates/sop/balangan.yaml).',
    );
    return { ok: false, problems };
  }

  const shape = sopFileSchema.safeParse(raw);
  if (!shape.success) {
    for (const issue of describeSchemaIssues(shape.error.issues, raw))
      report(issue.code, issue.segments, issue.message);
    return { ok: false, problems: inFileOrder(problems) };
  }

  problems.push(...checkSop(shape.data, { source: sourceName, locate }));
  if (problems.length > 0) return { ok: false, problems: inFileOrder(problems) };
  return { ok: true, sop: resolveSop(shape.data) };
}

/** Top to bottom, so the admin fixes them in one pass (the sort is stable within a line). */
function inFileOrder(problems: SopProblem[]): SopProblem[] {
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** The line of the deepest node on the path that exists (a missing key points at its parent). */
function locator(doc: Document, lineCounter: LineCounter): LocatePath {
  return (segments: readonly PathSegment[]) => {
    for (let length = segments.length; length >= 0; length--) {
      const node: unknown = length === 0 ? doc.contents : doc.getIn(segments.slice(0, length), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

function timeOf(value: string | number | undefined): TimeStandard {
  const parsed = typeof value === 'string' ? parseTimeStandard(value) : null;
  // checkSop has rejected every other value before we get here.
  if (parsed === null) throw new Error(`unchecked time standard ${String(value)}`);
  return parsed;
}

function resolveStep(step: SopFileStep): SopStep {
  const actions: Partial<Record<SopActionName, SopAction>> = {};
  for (const [name, action] of Object.entries(step.actions)) {
    actions[name as SopActionName] = {
      to: action.to ?? step.id,
      label: action.label,
      main: action.main ?? false,
      ...(action.produces === undefined ? {} : { produces: action.produces }),
      ...(action.notify === undefined ? {} : { notify: action.notify }),
      ...(action.extendTo === undefined ? {} : { extendTo: timeOf(action.extendTo) }),
    };
  }
  return {
    ...resolveCommon(step),
    checks: step.checks,
    actions,
    ...(step.onOverdue === undefined ? {} : { onOverdue: step.onOverdue }),
  };
}

function resolveCommon(
  step: SopFileStep | SopFile['recurring'][number],
): Omit<SopStep, 'checks' | 'actions'> {
  return {
    id: step.id,
    no: step.no,
    name: step.name,
    uraian: step.uraian,
    actor: step.actor,
    receives: step.receives,
    produces: step.produces,
    time: timeOf(step.time),
    timeText: String(step.time),
    ...(step.note === undefined ? {} : { note: step.note }),
  };
}

function resolveSop(file: SopFile): SopDefinition {
  const recurring: SopRecurringDuty[] = file.recurring.map((duty) => ({
    ...resolveCommon(duty),
    schedule: duty.schedule,
  }));
  return {
    id: file.id,
    name: file.name,
    source: file.source,
    timeZone: file.timeZone,
    ...(file.statedTotal === undefined ? {} : { statedTotal: timeOf(file.statedTotal) }),
    ...(file.description === undefined ? {} : { description: file.description }),
    ...(file.warning === undefined ? {} : { warning: file.warning }),
    records: file.records,
    roles: file.roles,
    steps: file.steps.map(resolveStep),
    recurring,
  };
}
