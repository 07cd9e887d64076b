/**
 * Is Tesseract's Indonesian data there and whole? Checked before tesseract.js sees it, because
 * tesseract.js hangs forever on a missing file and throws an uncaught exception on a damaged one.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export type OcrDataCheck =
  | { ok: true; file: string; /** Changes when the file is replaced. */ signature: string }
  | { ok: false; problem: 'missing' | 'damaged'; file: string };

/** Index of the LSTM model in a .traineddata file (tesseract's TESSDATA_LSTM). */
const LSTM_ENTRY = 17;

export async function checkOcrData(dir: string, language = 'ind'): Promise<OcrDataCheck> {
  const file = join(dir, `${language}.traineddata`);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return { ok: false, problem: 'missing', file };
  }
  try {
    const { size, mtimeMs } = await handle.stat();
    // Header: int32 entry count, then one int64 offset per entry (-1 = absent), little-endian.
    const head = Buffer.alloc(4 + 8 * 64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const entries = bytesRead >= 4 ? head.readInt32LE(0) : 0;
    if (entries < 1 || entries > 64 || bytesRead < 4 + 8 * entries)
      return { ok: false, problem: 'damaged', file };
    let previous = 4 + 8 * entries;
    for (let i = 0; i < entries; i += 1) {
      const offset = Number(head.readBigInt64LE(4 + 8 * i));
      if (offset === -1) {
        if (i === LSTM_ENTRY) return { ok: false, problem: 'damaged', file };
        continue;
      }
      if (offset < previous || offset >= size) return { ok: false, problem: 'damaged', file };
      previous = offset;
    }
    return entries > LSTM_ENTRY
      ? { ok: true, file, signature: `${size}:${mtimeMs}` }
      : { ok: false, problem: 'damaged', file };
  } catch {
    return { ok: false, problem: 'damaged', file };
  } finally {
    await handle.close();
  }
}
