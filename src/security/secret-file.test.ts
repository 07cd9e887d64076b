import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrCreateSecret } from './secret-file.ts';

describe('readOrCreateSecret', () => {
  it('creates a 64-hex secret readable by its owner only, then keeps returning it', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'secret-')), 'data', 'reply-token.secret');
    const first = await readOrCreateSecret(file);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await readOrCreateSecret(file)).toBe(first);
    // Ten services starting at once agree on one secret, and none reads a half-written file.
    const all = await Promise.all(Array.from({ length: 10 }, () => readOrCreateSecret(`${file}.2`)));
    expect(new Set(all).size).toBe(1);
  });

  it('refuses a file too short to be a secret, naming it and the fix', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'secret-')), 'short.secret');
    writeFileSync(file, 'abc\n');
    await expect(readOrCreateSecret(file)).rejects.toThrow(
      /short\.secret holds no usable secret .* Fix: delete the file/,
    );
    expect(readFileSync(file, 'utf8')).toBe('abc\n');
  });
});
