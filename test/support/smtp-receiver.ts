/**
 * A real SMTP receiver on a loopback port (smtp-server), for tests that run the service as its own
 * process: it records each mail's envelope, header and Message-ID, and can go down and come back on the
 * same port (what a mail server being restarted looks like to the sender).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  messageId: string | null;
  /** The header block as sent (folded lines kept). */
  header: string;
  size: number;
}

export interface SmtpReceiver {
  port: number;
  received: ReceivedMail[];
  /** Stops listening: connections are refused until `up`. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmtpReceiver(port = 0): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  const listen = async (onPort: number) => {
    const next = new SMTPServer({
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      // Going down cuts pooled connections at once rather than waiting for the sender to quit.
      closeTimeout: 100,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const header = raw.subarray(0, Math.max(0, raw.indexOf('\r\n\r\n'))).toString('latin1');
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(header)?.[1] ?? null,
            header,
            size: raw.length,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(onPort, '127.0.0.1', () => resolve());
    });
    server = next;
    return (next.server.address() as AddressInfo).port;
  };
  const close = async () => {
    const closing = server;
    server = null;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  const receiver: SmtpReceiver = {
    port: await listen(port),
    received,
    down: close,
    async up() {
      if (!server) await listen(receiver.port);
    },
    stop: close,
  };
  return receiver;
}
