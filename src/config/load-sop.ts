import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSop } from '../domain/sop/parse-sop.ts';
import { isSopPresetName, SOP_PRESET_NAMES, sopPresetPath } from '../domain/sop/presets.ts';
import type { SopDefinition } from '../domain/sop/sop-definition.ts';
import { formatSopProblems, type SopProblem } from '../domain/sop/sop-problem.ts';
import { PACKAGE_ROOT } from './paths.ts';

/** An SOP that cannot be used: missing, or with problems listed by their place in the file. */
export class SopFileError extends Error {
  readonly problems: SopProblem[];

  constructor(message: string, problems: SopProblem[] = []) {
    super(problems.length ? `${message}\n${formatSopProblems(problems)}` : message);
    this.name = 'SopFileError';
    this.problems = problems;
  }
}

/** A preset name (balangan, karanganyar, kaltim) or the path of an SOP YAML file. */
export function resolveSopFile(nameOrPath: string, baseDir = process.cwd()): string {
  if (isSopPresetName(nameOrPath)) return path.join(PACKAGE_ROOT, sopPresetPath(nameOrPath));
  const file = path.resolve(baseDir, nameOrPath);
  if (!existsSync(file)) {
    throw new SopFileError(
      `SOP "${nameOrPath}": no such preset or file. Fix: use one of ${SOP_PRESET_NAMES.join(', ')}, or the path of an SOP YAML file.`,
    );
  }
  return file;
}

export function loadSop(nameOrPath: string, baseDir?: string): SopDefinition {
  const file = resolveSopFile(nameOrPath, baseDir);
  const source = isSopPresetName(nameOrPath) ? sopPresetPath(nameOrPath) : nameOrPath;
  const result = parseSop(readFileSync(file, 'utf8'), source);
  if (!result.ok) {
    throw new SopFileError(`The SOP ${source} has ${result.problems.length} problem(s):`, result.problems);
  }
  return result.sop;
}
