import path from 'node:path';
import type { LoadedConfig } from './load-config.ts';

/** The database URL to use: an explicit override, else the configuration's, with SQLite paths made absolute. */
export function resolveDatabaseUrl(loaded: LoadedConfig, override?: string): string {
  const url = override ?? loaded.config.database.url;
  if (!url.startsWith('file:')) return url;
  const base = override ? process.cwd() : loaded.baseDir;
  return `file:${path.resolve(base, url.slice('file:'.length))}`;
}
