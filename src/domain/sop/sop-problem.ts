/** A problem found in an SOP file, phrased for the office admin who edits it. */

export const SOP_PROBLEM_CODES = [
  'yaml_syntax',
  'not_a_mapping',
  'missing_field',
  'wrong_type',
  'unknown_field',
  'invalid_value',
  'duplicate_role',
  'duplicate_step_id',
  'duplicate_step_no',
  'unknown_role',
  'supervisor_cycle',
  'unknown_time_zone',
  'missing_time_standard',
  'bad_time_standard',
  'unknown_action',
  'unknown_target',
  'self_target',
  'bad_extension',
  'several_main_actions',
  'no_way_forward',
  'unreachable_step',
  'main_path_loop',
] as const;
export type SopProblemCode = (typeof SOP_PROBLEM_CODES)[number];

export interface SopProblem {
  code: SopProblemCode;
  /** The file or preset name given to parseSop. */
  source: string;
  /** Where in the file, e.g. `steps[3].actions.teruskan.to`; '' for the whole file. */
  path: string;
  /** 1-based line in the YAML text, when known. */
  line?: number;
  /** What is wrong and how to fix it. */
  message: string;
}

export type PathSegment = string | number;

export type ReportProblem = (code: SopProblemCode, segments: readonly PathSegment[], message: string) => void;

/** Finds the YAML line of a path; check-sop works without it (line left out). */
export type LocatePath = (segments: readonly PathSegment[]) => number | undefined;

export function formatPath(segments: readonly PathSegment[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path;
}

/** A collector that fills in path text and line for each problem. */
export function problemCollector(
  source: string,
  locate: LocatePath | undefined,
): {
  problems: SopProblem[];
  report: ReportProblem;
} {
  const problems: SopProblem[] = [];
  const report: ReportProblem = (code, segments, message) => {
    const line = locate?.(segments);
    problems.push({
      code,
      source,
      path: formatPath(segments),
      ...(line === undefined ? {} : { line }),
      message,
    });
  };
  return { problems, report };
}

/** One line per problem: `balangan.yaml:42 steps[3].actions.teruskan.to: …`. */
export function formatSopProblems(problems: readonly SopProblem[]): string {
  return problems
    .map((p) => {
      const where = p.line === undefined ? p.source : `${p.source}:${p.line}`;
      return p.path === '' ? `${where}: ${p.message}` : `${where} ${p.path}: ${p.message}`;
    })
    .join('\n');
}
