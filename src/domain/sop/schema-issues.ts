import type { ZodError } from 'zod';
import { SOP_FIELDS } from './sop-definition.ts';
import type { PathSegment, SopProblemCode } from './sop-problem.ts';

/** Turns zod's shape issues into plain sentences that say what to write instead. */

type Issue = ZodError['issues'][number];

export interface DescribedIssue {
  code: SopProblemCode;
  segments: PathSegment[];
  message: string;
}

const TIME_FIELDS = new Set(['time', 'extendTo', 'statedTotal']);

const HINTS: Record<string, string> = {
  id: 'a short key in lower case, e.g. "registrasi"',
  no: 'the step number as in the SOP document',
  name: 'a short Indonesian title',
  uraian: 'the "Uraian prosedur" text of the SOP document',
  actor: 'the key of the role that does this step',
  source: 'the SOP document this file follows',
  timeZone: 'e.g. Asia/Makassar',
  title: 'the Indonesian job title',
  unit: 'diskominfo or opd',
  key: 'a short key in lower case, e.g. "admin_opd"',
  label: 'the Indonesian label shown to officials',
  roles: 'the list of roles (key, title, unit)',
  steps: 'the list of steps',
  schedule: 'harian, mingguan or bulanan',
};

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list ("- " items)',
  object: 'a mapping ("key: value" lines)',
  record: 'a mapping ("key: value" lines)',
};

function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value}"`;
  return `${typeof value} ${String(value)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Which mapping a path points at, to list the fields allowed there. */
function allowedFields(path: readonly PathSegment[]): readonly string[] | undefined {
  const [top, , third] = path;
  if (path.length === 0) return SOP_FIELDS.sop;
  if (top === 'roles' && path.length === 2) return SOP_FIELDS.role;
  if (top === 'recurring' && path.length === 2) return SOP_FIELDS.recurring;
  if (top === 'steps' && path.length === 2) return SOP_FIELDS.step;
  if (top === 'steps' && third === 'actions' && path.length === 4) return SOP_FIELDS.action;
  return undefined;
}

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

export function describeSchemaIssues(issues: readonly Issue[], raw: unknown): DescribedIssue[] {
  return issues.flatMap((issue): DescribedIssue[] => {
    const segments = toSegments(issue.path);
    const field = String(segments.at(-1) ?? '');
    const value = valueAt(raw, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedFields(segments);
        const list = allowed === undefined ? '' : ` Fields allowed here: ${allowed.join(', ')}.`;
        return issue.keys.map((key) => ({
          code: 'unknown_field',
          segments: [...segments, key],
          message: `Unknown field "${key}": check its spelling or remove it.${list}`,
        }));
      }
      case 'invalid_type':
      case 'invalid_union': {
        if (value === undefined) {
          const hint = HINTS[field];
          return [
            {
              code: 'missing_field',
              segments,
              message: `"${field}" is missing. Add it${hint ? `: ${hint}` : ''}.`,
            },
          ];
        }
        if (TIME_FIELDS.has(field)) {
          return [
            {
              code: 'wrong_type',
              segments,
              message: `Expected a time standard such as "60 menit" or "5 hari", found ${describeValue(value)}.`,
            },
          ];
        }
        const expected =
          issue.code === 'invalid_type'
            ? (EXPECTED[issue.expected] ?? issue.expected)
            : 'another kind of value';
        return [
          { code: 'wrong_type', segments, message: `Expected ${expected}, found ${describeValue(value)}.` },
        ];
      }
      case 'invalid_value':
        return [
          {
            code: 'invalid_value',
            segments,
            message: `${capitalize(describeValue(value))} is not allowed for "${field}". Use one of: ${issue.values.map(String).join(', ')}.`,
          },
        ];
      case 'too_small':
        return [
          {
            code: 'invalid_value',
            segments,
            message:
              issue.origin === 'array'
                ? `"${field}" is empty; add at least one entry.`
                : `"${field}" must be ${issue.origin === 'number' ? `at least ${String(issue.minimum)}` : 'filled in'}.`,
          },
        ];
      default:
        return [
          {
            code: 'invalid_value',
            segments,
            message: `${capitalize(describeValue(value))} is not valid for "${field}": ${issue.message}.`,
          },
        ];
    }
  });
}
