import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_REFERENCE_FILE,
  listConfigKeys,
  renderConfigReference,
} from '../../scripts/config-reference.ts';
import { parseConfig } from './load-config.ts';

// docs/configuration.md is generated from the schema's descriptions; these keep the two together.

const page = await renderConfigReference();

/** The table row of a key: its type, default and description. */
function rowOf(key: string): string {
  const row = page.split('\n').find((line) => line.startsWith(`| \`${key}\` `));
  if (!row) throw new Error(`docs/configuration.md has no row for ${key}`);
  return row;
}

describe('the configuration reference', () => {
  it('is committed as the generator renders it now', () => {
    const committed = readFileSync(CONFIG_REFERENCE_FILE, 'utf8');
    expect(committed === page, 'docs/configuration.md is out of date: run `npm run docs:config`').toBe(true);
  });

  it('has a description for every key an operator can write', () => {
    const missing = listConfigKeys()
      .filter((key) => key.leaf && key.description.trim() === '')
      .map((key) => key.path);
    expect(missing, 'describe these in src/config/config-schema.ts (.describe)').toEqual([]);
  });

  it('lists each key with its type, default and allowed values', () => {
    const timeZone = rowOf('office.timeZone');
    expect(timeZone).toContain('`Asia/Makassar`');
    for (const zone of ['`WIB`', '`WITA`', '`WIT`']) expect(timeZone).toContain(zone);
    expect(rowOf('monitoring.port')).toContain('integer, 1 to 65535');
    expect(rowOf('monitoring.host')).toContain('`127.0.0.1`');
    expect(rowOf('replies.senderCheck')).toContain('one of `none`, `dkim`, `dmarc`');
    expect(rowOf('documents.numbering.surat_tanggapan')).toContain('`{klasifikasi}/{urut}/{unit}/{tahun}`');
    expect(rowOf('documents.signing.p12File')).toContain('**required**');
    expect(rowOf('sla.remindAtPercent')).toContain('list of integer, 1 to 99');
  });

  it('documents each variant of the unions under its own heading', () => {
    expect(page).toContain('### `mailboxes[]` with `type: imap`');
    expect(page).toContain('### `mailboxes[]` with `type: maildir`');
    expect(page).toContain('### `delivery` with `type: smtp`');
    expect(rowOf('mailboxes[].host')).toContain('**required**');
    expect(rowOf('delivery.dkim.privateKeyFile')).toContain('<selector>._domainkey.<domain>');
  });

  it('shows a minimal example that is a valid configuration', () => {
    const example = /## A minimal example\n\n```yaml\n([\s\S]*?)```/.exec(page)?.[1];
    expect(example).toBeDefined();
    const config = parseConfig(parse(example!));
    expect(config.office.timeZone).toBe('Asia/Makassar');
    expect(config.sop).toBe('balangan');
  });
});
