import type { SequenceRepository } from '../../use-cases/ports/store.ts';
import type { Db } from '../client.ts';

/**
 * Named counters for tracking and letter numbers. `next` is one atomic upsert: on PostgreSQL the
 * row lock is held until the caller's transaction ends, so concurrent callers queue and a
 * rollback hands the number back (no gap, no repeat); SQLite runs one write transaction at a time.
 * Call it inside store.transaction() together with the row that uses the number.
 */
export function sequenceRepository(db: Db): SequenceRepository {
  return {
    async next(name) {
      const rows = await db.$queryRaw<{ value: number | bigint }[]>`
        INSERT INTO number_sequences (name, value) VALUES (${name}, 1)
        ON CONFLICT (name) DO UPDATE SET value = number_sequences.value + 1
        RETURNING value`;
      const value = rows[0]?.value;
      if (value === undefined) throw new Error(`sequence ${name}: the upsert returned no row`);
      return Number(value);
    },

    async peek(name) {
      const row = await db.numberSequence.findUnique({ where: { name } });
      return row?.value ?? 0;
    },
  };
}
