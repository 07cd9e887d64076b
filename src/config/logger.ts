import { createRequire } from 'node:module';
import pino from 'pino';
import type PinoPretty from 'pino-pretty';

/**
 * Structured JSON logs for machines; readable lines when a person watches a terminal. pino-pretty
 * is loaded only then: under systemd it would be memory carried for nothing.
 */
export function createLogger(options: { level: string; pretty?: boolean }): pino.Logger {
  const human = options.pretty ?? Boolean(process.stderr.isTTY);
  if (!human) return pino({ level: options.level }, pino.destination({ fd: 2, sync: false }));
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pino(
    { level: options.level },
    pretty({
      destination: 2,
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
      sync: true,
    }),
  );
}
