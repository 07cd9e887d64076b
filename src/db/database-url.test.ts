import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactUrl } from './database-url.ts';

describe('parseDatabaseUrl', () => {
  it.each([
    ['file:./data/aduan.db', '/srv/aduan/data/aduan.db'],
    ['file:data/aduan.db', '/srv/aduan/data/aduan.db'],
    ['file:/var/lib/aduan/aduan.db', '/var/lib/aduan/aduan.db'],
    ['file:///var/lib/aduan/aduan%20x.db', '/var/lib/aduan/aduan x.db'],
    ['file:./aduan.db?connection_limit=1', '/srv/aduan/aduan.db'],
  ])('reads %s as SQLite at %s', (url, file) => {
    expect(parseDatabaseUrl(url, '/srv/aduan')).toEqual({ dialect: 'sqlite', file });
  });

  it.each(['postgres://u:p@db:5432/aduan', 'postgresql://db/aduan?sslmode=require'])(
    'reads %s as PostgreSQL',
    (url) => {
      expect(parseDatabaseUrl(url)).toEqual({ dialect: 'postgresql', url });
    },
  );

  it('refuses what it cannot serve, without echoing the password', () => {
    expect(() => parseDatabaseUrl('file::memory:')).toThrow(/needs a file path/);
    expect(() => parseDatabaseUrl('mysql://root:s3cret@db/aduan')).toThrow(/not supported: use file:/);
    expect(() => parseDatabaseUrl('mysql://root:s3cret@db/aduan')).not.toThrow(/s3cret/);
    expect(redactUrl('postgresql://aduan:s3cret@db:5432/aduan')).toBe('postgresql://aduan:***@db:5432/aduan');
  });
});
