/**
 * Live checks of the connections a set-up needs, as `aduan init` and `aduan doctor` run them: each
 * says what it found, and on failure what to change.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import nodemailer from 'nodemailer';
import { closeQuietly, connectImap, imapOptions, type ImapMailboxConfig } from '../mail/imap/imap-client.ts';
import { toImapSourceError } from '../mail/imap/imap-errors.ts';
import type { SmtpDeliveryConfig } from '../mail/delivery/smtp-transport.ts';

export interface CheckResult {
  name: string;
  /** `warn`: works, but an operator should look. */
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  /** What to change, when it is not a pass. */
  fix?: string;
}

const TIMEOUT_MS = 10_000;

/** Login, the folder list, the configured folders, and IDLE. */
export async function checkImapMailbox(mailbox: ImapMailboxConfig): Promise<CheckResult[]> {
  const name = `mailbox ${mailbox.name}`;
  let client;
  try {
    client = await connectImap({
      ...imapOptions(mailbox, { idle: false }),
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
  } catch (error) {
    const explained = toImapSourceError(mailbox, error);
    const [what, fix] = splitFix(explained.message);
    return [{ name, status: 'fail', detail: what, fix }];
  }
  try {
    const folders = (await client.list()).map((folder) => folder.path);
    const results: CheckResult[] = [
      {
        name,
        status: 'pass',
        detail: `logged in as ${mailbox.user} at ${mailbox.host}:${mailbox.port}; ${folders.length} folders`,
      },
    ];
    results.push(
      folders.includes(mailbox.folder)
        ? { name: `${name} folder`, status: 'pass', detail: `"${mailbox.folder}" is there` }
        : {
            name: `${name} folder`,
            status: 'fail',
            detail: `no folder "${mailbox.folder}" (the server has: ${folders.slice(0, 8).join(', ')})`,
            fix: `set mailboxes: ${mailbox.name}: folder to one of those`,
          },
    );
    if (mailbox.processedFolder)
      results.push(
        folders.includes(mailbox.processedFolder)
          ? {
              name: `${name} processed folder`,
              status: 'pass',
              detail: `"${mailbox.processedFolder}" is there`,
            }
          : {
              name: `${name} processed folder`,
              status: 'warn',
              detail: `"${mailbox.processedFolder}" does not exist yet`,
              fix: 'nothing to do: the service creates it when it first moves mail',
            },
      );
    const idle = client.capabilities.has('IDLE');
    results.push(
      idle || !mailbox.idle
        ? {
            name: `${name} IDLE`,
            status: 'pass',
            detail: idle
              ? 'the server offers IDLE: new mail is seen at once'
              : `polled every ${mailbox.pollSeconds} s`,
          }
        : {
            name: `${name} IDLE`,
            status: 'warn',
            detail: `the server does not offer IDLE: mail is polled every ${mailbox.pollSeconds} s`,
            fix: `lower mailboxes: ${mailbox.name}: pollSeconds if that is too slow`,
          },
    );
    return results;
  } catch (error) {
    return [{ name, status: 'fail', detail: (error as Error).message }];
  } finally {
    await closeQuietly(client);
  }
}

/** EHLO, STARTTLS or TLS, and AUTH when a login is configured: what sending needs. */
export async function checkSmtp(smtp: Omit<SmtpDeliveryConfig, 'pool' | 'dkim'>): Promise<CheckResult> {
  const name = 'SMTP';
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  const server = `${smtp.host}:${smtp.port}`;
  try {
    await transport.verify();
    return {
      name,
      status: 'pass',
      detail: `${server} accepts us${smtp.user ? ` (logged in as ${smtp.user})` : ''}`,
    };
  } catch (error) {
    const e = error as Error & { code?: string; responseCode?: number };
    const unreachable =
      ['ECONNECTION', 'ETIMEDOUT', 'ECONNREFUSED', 'EDNS'].includes(e.code ?? '') ||
      /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN/.test(e.message);
    const fix =
      e.code === 'EAUTH'
        ? 'check delivery.user and the password (delivery.password or $ADUAN_SMTP_PASSWORD)'
        : unreachable
          ? 'check delivery.host and delivery.port, and that this machine may connect there (firewall)'
          : /TLS|SSL|certificate|wrong version/i.test(e.message)
            ? 'check delivery.secure: true for port 465, false for 587 or 25 (STARTTLS)'
            : 'read the server’s answer above; the mail administrator can say what it expects';
    return { name, status: 'fail', detail: `${server}: ${e.message}`, fix };
  } finally {
    transport.close();
  }
}

export type ResolveTxt = (name: string) => Promise<string[][]>;

/** The DKIM record published at <selector>._domainkey.<domain> carries the key's public half. */
export async function checkDkimRecord(
  dkim: { domain: string; selector: string },
  privateKeyPem: string,
  resolveTxt: ResolveTxt,
): Promise<CheckResult> {
  const name = 'DKIM record';
  const host = `${dkim.selector}._domainkey.${dkim.domain}`;
  let ours: string;
  try {
    ours = createPublicKey(createPrivateKey(privateKeyPem))
      .export({ type: 'spki', format: 'der' })
      .toString('base64');
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `the private key cannot be read: ${(error as Error).message}`,
      fix: 'point delivery.dkim.privateKeyFile at a PEM private key (openssl genrsa -out dkim.pem 2048)',
    };
  }
  const publish = `publish TXT ${host} "v=DKIM1; k=rsa; p=${ours}"`;
  let records: string[];
  try {
    records = (await resolveTxt(host)).map((chunks) => chunks.join(''));
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `no TXT record at ${host} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      fix: publish,
    };
  }
  const published = records
    .map((record) => /(?:^|;)\s*p=([^;]*)/.exec(record)?.[1]?.replace(/\s+/g, ''))
    .filter((key): key is string => key !== undefined);
  if (published.includes(ours)) return { name, status: 'pass', detail: `${host} carries this key` };
  return {
    name,
    status: 'fail',
    detail: published.length
      ? `${host} carries another key: receivers will fail our signatures`
      : `${host} has no DKIM key (p=)`,
    fix: publish,
  };
}

/** toImapSourceError's messages end with what to check: "…. Check host and port …". */
function splitFix(message: string): [string, string | undefined] {
  const at = message.search(/\. (Check|Providers) /);
  return at === -1 ? [message, undefined] : [message.slice(0, at + 1), message.slice(at + 2)];
}
