import pino from 'pino';
import pretty from 'pino-pretty';

/** Structured JSON logs for machines; readable lines when a person watches a terminal. */
export function createLogger(options: { level: string; pretty?: boolean }): pino.Logger {
  const human = options.pretty ?? Boolean(process.stderr.isTTY);
  if (!human) return pino({ level: options.level }, pino.destination({ fd: 2, sync: false }));
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
