import nodemailer from 'nodemailer';
import type { MailTransport } from '../../use-cases/ports/mail-transport.ts';
import type { OutboxMail } from '../../use-cases/ports/store.ts';
import { deliverToMaildir, ensureMaildir } from '../maildir/maildir.ts';

/**
 * The embedded outbox: each mail is composed as real MIME by nodemailer and dropped into a Maildir
 * folder, where a person (or the demo) can read it with any mail client.
 */
export function createMaildirTransport(options: { folder: string; from: string }): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let ready: Promise<void> | null = null;
  return {
    async send(mail: OutboxMail) {
      ready ??= ensureMaildir(options.folder);
      await ready;
      const messageId = outboxMessageId(mail, options.from);
      const info = await composer.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        messageId,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.references?.length ? { references: mail.references } : {}),
        headers: mail.headers ?? {},
        date: mail.createdAt,
      });
      // Time first so the folder lists in queue order; derived from the row so a resend overwrites.
      await deliverToMaildir(
        options.folder,
        `${Math.floor(mail.createdAt.getTime() / 1000)}.${mail.id}`,
        info.message as Buffer,
      );
      return { messageId };
    },
  };
}

export function outboxMessageId(mail: Pick<OutboxMail, 'id'>, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'kotak-aduan.local';
  return `<${mail.id}@${domain}>`;
}
