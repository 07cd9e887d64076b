import { isAbsolute, resolve } from 'node:path';

export type Dialect = 'sqlite' | 'postgresql';

/** Where the data lives, decided from the URL alone: `file:` → SQLite, `postgres(ql)://` → PostgreSQL. */
export type DatabaseTarget =
  | { dialect: 'sqlite'; /** Absolute path of the database file. */ file: string }
  | { dialect: 'postgresql'; url: string };

/**
 * Parses a database URL. SQLite paths are resolved against `cwd` (the process's by default), so
 * `file:./data/aduan.db` means the same file for migrations and for the running service.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseTarget {
  if (url.startsWith('file:')) {
    // Prisma's own form is "file:./dev.db"; also accept "file:///abs/path" and drop any ?query.
    let path = url.slice('file:'.length).replace(/\?.*$/, '');
    if (path.startsWith('//')) path = decodeURIComponent(new URL(url).pathname);
    if (path === '' || path === ':memory:') {
      throw new Error(
        `Database URL "${url}": an SQLite database needs a file path, e.g. file:./data/aduan.db`,
      );
    }
    return { dialect: 'sqlite', file: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgresql', url };
  throw new Error(
    `Database URL "${redactUrl(url)}" is not supported: use file:./path/to/aduan.db (SQLite) or postgresql://user:pass@host:5432/db`,
  );
}

/** The URL with any password replaced, for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
