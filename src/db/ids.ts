import { randomFillSync } from 'node:crypto';

/**
 * Row ids: UUIDv7 (RFC 9562), so ids sort in the order rows were created — "an earlier message"
 * is simply a smaller id, and new rows land at the end of the primary-key index. Within a process
 * ids are strictly increasing (method 1: rand_a holds a counter; when it runs out in one
 * millisecond the clock is nudged forward); across processes they are ordered to the millisecond.
 */
let lastMs = 0;
let counter = 0;

export function newId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    const start = Buffer.alloc(2);
    randomInto(start);
    counter = start.readUInt16BE() & 0x1ff; // start low so the counter rarely overflows
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  const bytes = Buffer.alloc(16);
  randomInto(bytes);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Random bytes come from a pool refilled 4 KB at a time: one system call per 256 ids, not per id. */
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomInto(target: Buffer): void {
  if (used + target.length > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  pool.copy(target, 0, used, used + target.length);
  used += target.length;
}
