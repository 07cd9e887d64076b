import nodemailer from 'nodemailer';
import type { MailTransport } from '../../use-cases/ports/mail-transport.ts';
import type { OutboxMail } from '../../use-cases/ports/store.ts';
import { deliverToMaildir, ensureMaildir } from '../maildir/maildir.ts';
import { outboxMessage } from './outbox-message.ts';

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
      const message = outboxMessage(mail, options.from);
      const info = await composer.sendMail(message);
      // Time first so the folder lists in queue order; derived from the row so a resend overwrites.
      await deliverToMaildir(
        options.folder,
        `${Math.floor(mail.createdAt.getTime() / 1000)}.${mail.id}`,
        info.message as Buffer,
      );
      return { messageId: message.messageId };
    },
  };
}
