import type { ImapMailboxConfig } from './imap-client.ts';

/**
 * What went wrong with an IMAP mailbox, as an operator needs to know it. `auth` never fixes itself
 * (check the login); `unreachable` and `tls` may be a server restart or a network blip as well as a
 * wrong host or port; `folder` is a folder name that does not exist; `mark` means the server
 * refused to move or flag taken mail; `protocol` is anything else the server answered.
 */
export const IMAP_SOURCE_ERROR_CODES = ['auth', 'unreachable', 'tls', 'folder', 'mark', 'protocol'] as const;
export type ImapSourceErrorCode = (typeof IMAP_SOURCE_ERROR_CODES)[number];

export class ImapSourceError extends Error {
  override name = 'ImapSourceError';
  readonly code: ImapSourceErrorCode;
  /** The configured mailbox name. */
  readonly mailbox: string;

  constructor(code: ImapSourceErrorCode, mailbox: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.mailbox = mailbox;
  }
}

/** The fields imapflow (and Node's sockets) put on their errors; all optional. */
interface LibraryError extends Error {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  mailboxMissing?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  response?: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'ETIMEOUT',
  'NoConnection',
  'EConnectionClosed',
]);

/** Environment variable that overrides a mailbox secret, as load-config.ts reads it. */
export function secretVariable(mailbox: string, secret: 'PASSWORD' | 'TOKEN'): string {
  return `ADUAN_MAILBOX_${mailbox.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${secret}`;
}

/** Translates a library error into one that names the mailbox and says what to check. */
export function toImapSourceError(mailbox: ImapMailboxConfig, error: unknown): ImapSourceError {
  if (error instanceof ImapSourceError) return error;
  const e = (error instanceof Error ? error : new Error(String(error))) as LibraryError;
  const server = `${mailbox.host}:${mailbox.port}`;
  const said = serverText(e);
  const prefix = `Mailbox "${mailbox.name}" (${mailbox.user} at ${server})`;
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    const check = mailbox.accessToken
      ? `Check the OAuth2 access token (mailboxes: ${mailbox.name}: accessToken, or $${secretVariable(mailbox.name, 'TOKEN')}): it may have expired or lack the IMAP scope.`
      : `Check the login (mailboxes: ${mailbox.name}: user) and the password (password, or $${secretVariable(mailbox.name, 'PASSWORD')}); providers that disabled passwords need an OAuth2 accessToken.`;
    return new ImapSourceError(
      'auth',
      mailbox.name,
      `${prefix}: the server refused the login${said}. ${check}`,
      {
        cause: error,
      },
    );
  }
  if (e.tlsFailed || /\b(TLS|SSL|certificate)\b/i.test(e.message) || e.code?.startsWith('ERR_SSL')) {
    return new ImapSourceError(
      'tls',
      mailbox.name,
      `${prefix}: the TLS connection failed (${e.message}). Check "secure" (true for port 993, false for 143 with STARTTLS) and the server's certificate.`,
      { cause: error },
    );
  }
  if (e.code && NETWORK_CODES.has(e.code)) {
    return new ImapSourceError(
      'unreachable',
      mailbox.name,
      `${prefix}: cannot reach the IMAP server (${e.code}: ${e.message}). Check host and port and that the server is up; port 993 goes with secure: true, 143 with secure: false.`,
      { cause: error },
    );
  }
  if (e.mailboxMissing) {
    return new ImapSourceError(
      'folder',
      mailbox.name,
      `${prefix}: the folder "${mailbox.folder}" does not exist${said}. Check mailboxes: ${mailbox.name}: folder (INBOX, or the exact name your mail client shows).`,
      { cause: error },
    );
  }
  return new ImapSourceError('protocol', mailbox.name, `${prefix}: ${e.message}${said}`, { cause: error });
}

function serverText(e: LibraryError): string {
  const text = e.responseText ?? (typeof e.response === 'string' ? e.response : undefined);
  return text ? ` (server said: ${text.trim()})` : '';
}
