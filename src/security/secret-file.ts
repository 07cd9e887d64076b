import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A server secret kept in a file readable by the service's user only: read if it exists, else
 * created once with 32 random bytes. For the embedded default; a cluster sets the secret in its
 * configuration (the same on every instance).
 */
export async function readOrCreateSecret(file: string): Promise<string> {
  try {
    return checked(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  // Written whole under another name, then linked into place: link() fails if the file exists, so
  // two processes starting at once agree on one secret and neither reads a half-written file.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  return checked(await readFile(file, 'utf8'), file);
}

function checked(content: string, file: string): string {
  const secret = content.trim();
  if (secret.length < 32) {
    throw new Error(
      `${file} holds no usable secret (${secret.length} characters, 32 or more needed). Fix: delete the file to have a new one made, or write 64 hex characters into it (openssl rand -hex 32).`,
    );
  }
  return secret;
}
