import type { SequenceRepository } from '../../use-cases/ports/store.ts';
import type { Db } from '../client.ts';

/**
 * Named counters for tracking and letter numbers. `next` is one atomic upsert: on PostgreSQL the
 * row lock is held until the caller's transaction ends, so concurrent callers queue and a
 * rollback hands the number back (no gap, no repeat); SQLite runs one write transaction at a time.
 * Call it inside store.transaction() together with the row that uses the number.
 */
export function sequenceRepository(db: Db): SequenceRepository {
  const repository: SequenceRepository = {
    next(name) {
      return repository.take(name, 1);
    },
    async take(name, count) {
      if (!Number.isInteger(count) || count < 1)
        throw new Error(`sequence ${name}: cannot take ${count} values`);
      const rows = await db.$queryRaw<{ value: number | bigint }[]>`
        INSERT INTO number_sequences (name, value) VALUES (${name}, ${count})
        ON CONFLICT (name) DO UPDATE SET value = number_sequences.value + ${count}
        RETURNING value`;
      const last = rows[0]?.value;
      if (last === undefined) throw new Error(`sequence ${name}: the upsert returned no row`);
      return Number(last) - count + 1;
    },

    async peek(name) {
      const row = await db.numberSequence.findUnique({ where: { name } });
      return row?.value ?? 0;
    },
  };
  return repository;
}
