import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
  it('makes UUIDv7s that sort in creation order, even many in one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newId(1_780_000_000_000));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const later = newId(1_780_000_000_001 + 60_000);
    expect(later > ids.at(-1)!).toBe(true);
  });
});
