import nodemailer from 'nodemailer';
import { DeliveryError, type MailTransport } from '../../use-cases/ports/mail-transport.ts';
import { outboxMessage } from './outbox-message.ts';

export interface SmtpDeliveryConfig {
  host: string;
  port: number;
  /** TLS from the first byte (465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  /** Keep connections open between mails (a sweep sends many). */
  pool: boolean;
  /** DKIM signing of every mail, with the private key's PEM. */
  dkim?: { domain: string; selector: string; privateKey: string } | undefined;
}

/**
 * The office's mail server as the outbox's way out, through nodemailer. An answer in the 5xx range
 * is permanent (the outbox gives the mail up and says so); anything else — 4xx, a refused or lost
 * connection, a timeout — is worth trying again later.
 */
export function createSmtpTransport(config: SmtpDeliveryConfig & { from: string }): MailTransport {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    pool: config.pool,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    ...(config.dkim
      ? {
          dkim: {
            domainName: config.dkim.domain,
            keySelector: config.dkim.selector,
            privateKey: config.dkim.privateKey,
          },
        }
      : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      const message = outboxMessage(mail, config.from);
      try {
        await transport.sendMail(message);
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const reason = (error as Error).message;
        throw new DeliveryError(
          `${config.host}:${config.port} ${code ? `answered ${code}` : 'failed'}: ${reason}`,
          code !== undefined && code >= 500,
        );
      }
      return { messageId: message.messageId };
    },
    async close() {
      transport.close();
    },
  };
}
