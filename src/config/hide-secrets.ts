/** Keys whose values are secrets, wherever they sit in the config. */
const SECRET_KEYS = new Set(['password', 'accessToken', 'tokenSecret', 'passphrase']);
const HIDDEN = '(hidden)';

/**
 * The config as an operator may print or paste it (`aduan config check`): passwords, tokens and the
 * password in a database URL replaced, so that a terminal, a log or a support ticket never holds them.
 */
export function hideSecrets<T>(config: T): T {
  return hide(config) as T;
}

function hide(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => hide(item));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hide(v, k)]));
  if (typeof value !== 'string') return value;
  if (SECRET_KEYS.has(key)) return HIDDEN;
  // postgresql://user:secret@host/db
  return key === 'url' ? value.replace(/^([a-z]+:\/\/[^:/@]+):[^@/]+@/i, `$1:${HIDDEN}@`) : value;
}
