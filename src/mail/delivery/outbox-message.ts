import type Mail from 'nodemailer/lib/mailer/index.js';
import type { OutboxMail } from '../../use-cases/ports/store.ts';

/**
 * An outbox row as nodemailer message options, the same for every transport: the Message-ID is
 * derived from the row (a resend after a crash is recognisably the same mail), the date is when it
 * was queued, threading and our X-Aduan-* headers as the use-case set them.
 */
export function outboxMessage(mail: OutboxMail, from: string): Mail.Options & { messageId: string } {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId: outboxMessageId(mail, from),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references?.length ? { references: mail.references } : {}),
    headers: mail.headers ?? {},
    date: mail.createdAt,
  };
}

export function outboxMessageId(mail: Pick<OutboxMail, 'id'>, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'kotak-aduan.local';
  return `<${mail.id}@${domain}>`;
}
