import type Mail from 'nodemailer/lib/mailer/index.js';
import type { DeliverableMail } from '../../use-cases/ports/mail-transport.ts';
import type { OutboxMail } from '../../use-cases/ports/store.ts';

/**
 * An outbox row as nodemailer message options, the same for every transport: the Message-ID is
 * derived from the row (a resend after a crash is recognisably the same mail), the date is when it
 * was queued, threading and our X-Aduan-* headers as the use-case set them.
 */
export function outboxMessage(mail: DeliverableMail, from: string): Mail.Options & { messageId: string } {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.files?.length
      ? {
          attachments: mail.files.map((file) => ({
            filename: file.filename,
            contentType: file.contentType,
            content: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
          })),
        }
      : {}),
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
