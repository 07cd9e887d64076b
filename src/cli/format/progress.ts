import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

/** Loaded with the first bar: every `aduan` command (the service among them) loads this file. */
const loadCliProgress = () => createRequire(import.meta.url)('cli-progress') as typeof CliProgress;

/** A bar on a terminal; a line every 5 seconds otherwise (logs, CI, `| tee`). */
export function createProgress(showBar: boolean, label: string, what = 'message(s) to import') {
  let done = 0;
  let total = 0;
  let lastLine = 0;
  const bar = showBar
    ? new (loadCliProgress().SingleBar)(
        {
          stream: process.stderr,
          format: `${label} {bar} {value}/{total} | {eta_formatted}`,
          hideCursor: true,
        },
        loadCliProgress().Presets.shades_classic,
      )
    : null;
  return {
    start(count: number) {
      total = count;
      lastLine = Date.now();
      if (bar) bar.start(count, 0);
      else console.error(`${label}: ${count} ${what}`);
    },
    tick() {
      done++;
      if (bar) return bar.update(done);
      if (Date.now() - lastLine >= 5000) {
        lastLine = Date.now();
        console.error(`${label}: ${done}/${total} (${Math.floor((done / Math.max(total, 1)) * 100)} %)`);
      }
    },
    interrupt(line: string) {
      if (bar) process.stderr.write('\n');
      console.error(line);
    },
    stop() {
      bar?.stop();
    },
  };
}
