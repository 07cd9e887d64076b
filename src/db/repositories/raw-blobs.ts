import { createHash } from 'node:crypto';
import type { Db } from '../client.ts';

/** Stores bytes once by their SHA-256 (`ON CONFLICT DO NOTHING`) and returns the hash. */
export async function storeBlob(db: Db, bytes: Uint8Array): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await db.$executeRaw`
    INSERT INTO raw_blobs (sha256, bytes, size) VALUES (${sha256}, ${bytes}, ${bytes.byteLength})
    ON CONFLICT (sha256) DO NOTHING`;
  return sha256;
}
