import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type AduanConfig } from './config-schema.ts';

export const DEFAULT_CONFIG_FILE = 'aduan.config.yaml';

/** One problem in the configuration: the key, what is wrong and how to fix it. */
export interface ConfigProblem {
  key: string;
  message: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  readonly source: string;

  constructor(source: string, problems: ConfigProblem[]) {
    super(
      `The configuration (${source}) has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
    this.source = source;
  }
}

export interface LoadedConfig {
  config: AduanConfig;
  /** The file read, or null when running on the built-in defaults. */
  file: string | null;
  /** Relative paths in the config are resolved against this folder. */
  baseDir: string;
}

/**
 * Secrets and deployment-specific values that environment variables override, so that they need not
 * be written into the file.
 */
const ENV_OVERRIDES: Record<string, string[]> = {
  ADUAN_DATABASE_URL: ['database', 'url'],
  ADUAN_DATA_DIR: ['dataDir'],
  ADUAN_LOG_LEVEL: ['log', 'level'],
  ADUAN_REPLY_TOKEN_SECRET: ['replies', 'tokenSecret'],
  ADUAN_SMTP_PASSWORD: ['delivery', 'password'],
  ADUAN_SIGNING_PASSPHRASE: ['documents', 'signing', 'passphrase'],
};

/**
 * Secrets of a part the file does not use are not applied: a server's environment may carry
 * ADUAN_SMTP_PASSWORD while this config writes to a Maildir, and that is no error in the file.
 */
const APPLIES: Record<string, (config: Record<string, unknown>) => boolean> = {
  ADUAN_SMTP_PASSWORD: (config) => (config.delivery as { type?: unknown } | undefined)?.type === 'smtp',
  ADUAN_SIGNING_PASSPHRASE: (config) =>
    typeof (config.documents as { signing?: unknown } | undefined)?.signing === 'object',
};

/**
 * Reads the configuration: the file given, else $ADUAN_CONFIG, else ./aduan.config.yaml if present,
 * else the embedded defaults. Throws ConfigError listing every problem at once.
 */
export function loadConfig(
  options: { file?: string | undefined; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const requested = options.file || env.ADUAN_CONFIG || undefined;
  const candidate = path.resolve(cwd, requested ?? DEFAULT_CONFIG_FILE);

  let raw: unknown = {};
  let file: string | null = null;
  if (existsSync(candidate) && statSync(candidate).isDirectory()) {
    throw new ConfigError(candidate, [
      { key: '(file)', message: 'is a folder. Fix: give the path of the configuration file itself.' },
    ]);
  }
  if (existsSync(candidate)) {
    file = candidate;
    raw = readYaml(candidate);
  } else if (requested) {
    throw new ConfigError(requested, [
      {
        key: '(file)',
        message: `${candidate} does not exist. Fix: give the path of an existing file, or leave it out to use the defaults.`,
      },
    ]);
  }
  return {
    config: parseConfig(applyEnvOverrides(raw, env), file ?? 'built-in defaults'),
    file,
    baseDir: file ? path.dirname(file) : cwd,
  };
}

/** Validates an already-read configuration object. */
export function parseConfig(raw: unknown, source = 'configuration'): AduanConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.flatMap((issue) => describeIssue(issue, raw)),
  );
}

function readYaml(file: string): unknown {
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        key: `(line ${e.linePos?.[0]?.line ?? '?'})`,
        message: `${e.message.split('\n')[0]} Fix: correct the YAML syntax (indentation with spaces, "key: value").`,
      })),
    );
  }
  return doc.toJS() ?? {};
}

function applyEnvOverrides(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  const config = structuredClone((raw ?? {}) as Record<string, unknown>);
  for (const [variable, keyPath] of Object.entries(ENV_OVERRIDES)) {
    const value = env[variable];
    if (value === undefined || value === '' || APPLIES[variable]?.(config) === false) continue;
    let node = config;
    for (const key of keyPath.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keyPath.at(-1)!] = value;
  }
  // Mailbox secrets by name: ADUAN_MAILBOX_PENGADUAN_PASSWORD, ADUAN_MAILBOX_FAKS_TOKEN.
  if (Array.isArray(config.mailboxes)) {
    for (const mailbox of config.mailboxes as Record<string, unknown>[]) {
      if (typeof mailbox?.name !== 'string') continue;
      const prefix = `ADUAN_MAILBOX_${mailbox.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
      if (env[`${prefix}PASSWORD`]) mailbox.password = env[`${prefix}PASSWORD`];
      if (env[`${prefix}TOKEN`]) mailbox.accessToken = env[`${prefix}TOKEN`];
    }
  }
  return config;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem[] {
  const key = formatKey(issue.path) || '(top level)';
  const value = valueAt(raw, issue.path);
  const shown = value === undefined || typeof value === 'object' ? '' : ` (found ${JSON.stringify(value)})`;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((unknownKey) => ({
      key: formatKey([...issue.path, unknownKey]),
      message: 'is not a known setting. Fix: check the spelling, or remove it (see docs/configuration.md).',
    }));
  }
  if (issue.code === 'invalid_type' && value === undefined) {
    return [{ key, message: `is required (${issue.expected}). Fix: add it.` }];
  }
  if (issue.code === 'invalid_value') {
    return [
      {
        key,
        message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${shown}. Fix: use one of them.`,
      },
    ];
  }
  if (issue.code === 'invalid_type') {
    return [
      {
        key,
        message: `must be ${article(issue.expected)}${shown}. Fix: write it as ${article(issue.expected)}.`,
      },
    ];
  }
  return [{ key, message: `is not valid${shown}. Fix: ${issue.message}.` }];
}

function formatKey(keyPath: readonly PropertyKey[]): string {
  return keyPath
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join('');
}

function valueAt(raw: unknown, keyPath: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const k of keyPath) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[k];
  }
  return node;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
