/**
 * Writes docs/configuration.md from the configuration schema itself, so the reference cannot drift
 * from what `aduan start` accepts: every key with its type, whether it is needed, its default and
 * its `.describe()` text.
 *
 *   npm run docs:config          (node scripts/config-reference.ts)
 *
 * It walks zod's own definitions (`_zod.def`) rather than z.toJSONSchema, whose output (zod 4.6)
 * shows a `.prefault({})` section as a default of `{}` and drops the default of a transformed value
 * (office.timeZone).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import { z } from 'zod';
import { configSchema } from '../src/config/config-schema.ts';
import { PACKAGE_ROOT } from '../src/config/paths.ts';

export const CONFIG_REFERENCE_FILE = path.join(PACKAGE_ROOT, 'docs', 'configuration.md');

/** One key of the configuration, as the reference lists it. */
export interface ConfigKey {
  /** e.g. office.timeZone, mailboxes[].host, documents.units.<unit>.alamat */
  path: string;
  /** The top-level key it belongs to. */
  section: string;
  /** Inside a union chosen by a field: e.g. `type: imap`. */
  variant: string | null;
  type: string;
  /** Must be written whenever the object around it is. */
  required: boolean;
  /** What applies when it is left out (a section's `.prefault`, too); undefined: nothing. */
  defaultValue: unknown;
  description: string;
  /** Holds a value rather than further keys. */
  leaf: boolean;
}

type Schema = z.core.$ZodType;

/** The schema under its wrappers (optional, default, prefault, transform), with what they say. */
function unwrap(schema: Schema) {
  let node = schema;
  let description: string | undefined;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    // The outermost description wins: a field's own text over its building block's.
    description ??= z.globalRegistry.get(node)?.description;
    const def = (node as z.core.$ZodTypes)._zod.def;
    if (def.type === 'optional') {
      optional = true;
      node = def.innerType;
    } else if (def.type === 'default' || def.type === 'prefault') {
      // A prefault of {} only says "the keys' own defaults apply": no default of its own to show.
      const value: unknown = def.defaultValue;
      if (defaultValue === undefined && !isEmptyObject(value)) defaultValue = value;
      optional = true;
      node = def.innerType;
    } else if (def.type === 'pipe') {
      // What the operator writes is the input: a transform's output is the program's business.
      node = (def.in as z.core.$ZodTypes)._zod.def.type === 'transform' ? def.out : def.in;
    } else {
      return { core: node as z.core.$ZodTypes, description: description ?? '', optional, defaultValue };
    }
  }
}

/** Every key of the schema, depth first, in the order the schema declares them. */
export function listConfigKeys(schema: Schema = configSchema): ConfigKey[] {
  const keys: ConfigKey[] = [];
  const { core } = unwrap(schema);
  if (core._zod.def.type !== 'object') throw new Error('the configuration schema is not an object');
  for (const [name, field] of Object.entries(core._zod.def.shape)) {
    visit(field, { path: name, section: name, variant: null }, keys);
  }
  return keys;
}

function visit(
  schema: Schema,
  at: { path: string; section: string; variant: string | null },
  keys: ConfigKey[],
): void {
  const { core, description, optional, defaultValue } = unwrap(schema);
  const children = childrenOf(core, at.path);
  keys.push({
    ...at,
    type: typeName(core),
    required: !optional,
    defaultValue,
    description,
    leaf: children.length === 0,
  });
  for (const child of children) {
    visit(child.schema, { ...at, path: child.path, variant: child.variant ?? at.variant }, keys);
  }
}

/** The keys under an object, a list of objects, a map of objects or a union of objects. */
function childrenOf(
  core: z.core.$ZodTypes,
  parent: string,
): { schema: Schema; path: string; variant?: string }[] {
  const def = core._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape).map(([name, field]) => ({ schema: field, path: `${parent}.${name}` }));
    case 'array':
      return childrenOf(unwrap(def.element).core, `${parent}[]`);
    case 'record': {
      const key = z.globalRegistry.get(def.keyType)?.description ?? 'key';
      return childrenOf(unwrap(def.valueType).core, `${parent}.<${key}>`);
    }
    case 'union': {
      const discriminator = (def as { discriminator?: string }).discriminator;
      if (!discriminator) return [];
      return def.options.flatMap((option) => {
        const { core: variant } = unwrap(option);
        if (variant._zod.def.type !== 'object') return [];
        const chosenBy = unwrap(variant._zod.def.shape[discriminator]!).core._zod.def;
        const value = chosenBy.type === 'literal' ? String(chosenBy.values[0]) : '?';
        return Object.entries(variant._zod.def.shape).map(([name, field]) => ({
          schema: field,
          path: `${parent}.${name}`,
          variant: `${discriminator}: ${value}`,
        }));
      });
    }
    default:
      return [];
  }
}

/** The kind of value, in the words an operator checks a YAML file with. */
function typeName(core: z.core.$ZodTypes): string {
  const def = core._zod.def;
  const checks = (def.checks ?? []).map((check) => check._zod.def as unknown as Record<string, unknown>);
  switch (def.type) {
    case 'string': {
      if ((def as { format?: string }).format === 'email') return 'e-mail address';
      const least = checks.find((c) => c.check === 'min_length')?.minimum as number | undefined;
      const contains = checks.find((c) => c.format === 'includes')?.includes as string | undefined;
      if (contains) return `string containing \`${contains}\``;
      return least && least > 1 ? `string, at least ${least} characters` : 'string';
    }
    case 'number': {
      const kind = checks.some((c) => c.format === 'safeint') ? 'integer' : 'number';
      const low = checks.find((c) => c.check === 'greater_than');
      const high = checks.find((c) => c.check === 'less_than');
      if (low?.inclusive && high?.inclusive) return `${kind}, ${low.value} to ${high.value}`;
      const bounds = [
        low && `${low.inclusive ? '≥' : '>'} ${low.value}`,
        high && `${high.inclusive ? '≤' : '<'} ${high.value}`,
      ].filter(Boolean);
      return [kind, ...bounds].join(' ');
    }
    case 'boolean':
      return '`true` or `false`';
    case 'enum':
      return `one of ${Object.values(def.entries)
        .map((value) => `\`${value}\``)
        .join(', ')}`;
    case 'literal':
      return def.values.map((value) => `\`${String(value)}\``).join(', ');
    case 'array': {
      const least = checks.find((c) => c.check === 'min_length')?.minimum as number | undefined;
      const element = unwrap(def.element).core;
      const of = element._zod.def.type === 'union' ? 'mailbox' : typeName(element);
      return `list of ${of}${least ? `, at least ${least}` : ''}`;
    }
    case 'record':
      return `map: ${z.globalRegistry.get(def.keyType)?.description ?? 'key'} → ${typeName(unwrap(def.valueType).core)}`;
    case 'union': {
      const discriminator = (def as { discriminator?: string }).discriminator;
      return discriminator ? `object, by \`${discriminator}\`` : 'one of several';
    }
    default:
      return def.type;
  }
}

const MINIMAL_EXAMPLE = `# aduan.config.yaml: only what differs from the defaults
office:
  name: Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan
  address: pengaduan@balangankab.go.id # citizens write here
  timeZone: WITA
  kop:
    pemerintah: PEMERINTAH KABUPATEN BALANGAN
    alamat: Jl. A. Yani Km 1,5 Paringin 71662
sop: balangan
fax: { replyAddress: '{nomor}@faks.balangankab.go.id' }
documents: { place: Paringin }
# In production: PostgreSQL, the office's IMAP mailbox and SMTP server, with the passwords in
# $ADUAN_MAILBOX_PENGADUAN_PASSWORD and $ADUAN_SMTP_PASSWORD.
# database: { url: postgresql://aduan@localhost/aduan }
# mailboxes:
#   - { name: pengaduan, role: complaints, type: imap, host: mail.balangankab.go.id, user: pengaduan@balangankab.go.id }
# delivery: { type: smtp, host: mail.balangankab.go.id, user: pengaduan@balangankab.go.id }
`;

/** docs/configuration.md as it should be now, formatted as `prettier --check` expects. */
export async function renderConfigReference(): Promise<string> {
  const markdown = renderMarkdown(listConfigKeys());
  const options = await resolveConfig(CONFIG_REFERENCE_FILE);
  return format(markdown, { ...options, parser: 'markdown' });
}

function renderMarkdown(keys: ConfigKey[]): string {
  const sections = keys.filter((key) => key.path === key.section);
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated from src/config/config-schema.ts by scripts/config-reference.ts: do not edit by hand, run `npm run docs:config`. -->',
    '',
    'Kotak Aduan reads `aduan.config.yaml` in the working folder, or the file given with `--config FILE`',
    'or `$ADUAN_CONFIG`. Nothing is required: without a file it runs on the defaults below (SQLite and',
    'Maildir folders under `./data`). `aduan config check` validates a file and prints it with every',
    'default filled in; every problem is reported at once, by key. Relative paths are relative to the',
    "config file's folder.",
    '',
    'This page is generated from the schema (`src/config/config-schema.ts`): do not edit it by hand.',
    'Change the `.describe()` text there and run `npm run docs:config`.',
    '',
    'A key marked **required** must be written whenever the section or list entry around it is.',
    '',
    '## A minimal example',
    '',
    '```yaml',
    MINIMAL_EXAMPLE.trimEnd(),
    '```',
    '',
    'A complete one: [`examples/config/balangan.yaml`](../examples/config/balangan.yaml).',
    '',
    '## Environment variables',
    '',
    'They override the file, so that secrets and deployment values need not be written into it:',
    '',
    ...environmentVariables(keys).map(({ variable, path: at }) => `- \`${variable}\`: \`${at}\``),
    '',
    '## Sections',
    '',
    ...sections.map(
      (section) => `- [\`${section.path}\`](#${section.path.toLowerCase()}): ${section.description}`,
    ),
  ];
  for (const section of sections) lines.push('', ...renderSection(section, keys));
  return `${lines.join('\n')}\n`;
}

function renderSection(section: ConfigKey, keys: ConfigKey[]): string[] {
  const inSection = keys.filter((key) => key.section === section.path);
  const lines = [`## ${section.path}`, ''];
  // A section that is one value gets a table of one row; a group, its description and its keys.
  const rows = section.leaf ? [section] : inSection.filter((key) => key !== section);
  if (!section.leaf) {
    lines.push(section.description, '');
    if (section.type !== 'object') lines.push(`Type: ${section.type}.`, '');
    if (section.defaultValue !== undefined)
      lines.push('Left out, it is:', '', ...yamlBlock(section.path, section.defaultValue), '');
  }
  lines.push(...table(rows.filter((key) => key.variant === null)));
  const variants = [...new Set(rows.flatMap((key) => (key.variant ? [key.variant] : [])))];
  for (const variant of variants) {
    const variantRows = rows.filter((key) => key.variant === variant);
    const parent = variantRows[0]!.path.replace(/\.[^.]+$/, '');
    lines.push('', `### \`${parent}\` with \`${variant}\``, '', ...table(variantRows));
  }
  return lines;
}

/** Defaults longer than this go under the table as YAML. */
const LONG_DEFAULT = 60;

function table(rows: ConfigKey[]): string[] {
  if (rows.length === 0) return [];
  const below: string[] = [];
  const lines = ['| Key | Type | Default | Description |', '| --- | --- | --- | --- |'];
  for (const key of rows) {
    let shown = key.defaultValue === undefined ? '' : inline(key.defaultValue);
    if (shown.length > LONG_DEFAULT) {
      below.push(
        '',
        `Default of \`${key.path}\`:`,
        '',
        ...yamlBlock(key.path.split('.').at(-1)!, key.defaultValue),
      );
      shown = 'see below';
    }
    const type = key.required ? `${key.type}, **required**` : key.type;
    const cells = [`\`${key.path}\``, type, shown, key.description];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  return [...lines, ...below];
}

function inline(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '`""`' : `\`${value}\``;
  return `\`${JSON.stringify(value)}\``;
}

function yamlBlock(name: string, value: unknown): string[] {
  return ['```yaml', stringify({ [name]: value }, { lineWidth: 0 }).trimEnd(), '```'];
}

/** A table cell: pipes escaped, and no "<…>" outside code read as HTML. */
function cell(text: string): string {
  return text
    .split('`')
    .map((part, n) => (n % 2 === 1 ? part : part.replaceAll('<', '&lt;')))
    .join('`')
    .replaceAll('|', '\\|');
}

/** The variables the descriptions name, with the key each one stands for. */
function environmentVariables(keys: ConfigKey[]): { variable: string; path: string }[] {
  return keys.flatMap((key) =>
    [...key.description.matchAll(/`\$(ADUAN_[A-Z_<>]+)`/g)].map((match) => ({
      variable: `$${match[1]}`,
      path: key.path,
    })),
  );
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(CONFIG_REFERENCE_FILE, await renderConfigReference());
  console.log(`${path.relative(process.cwd(), CONFIG_REFERENCE_FILE)} written`);
}
