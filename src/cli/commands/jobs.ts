import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { formatTanggalWaktu } from '../../domain/calendar/format-indonesian.ts';
import { createApp } from '../../main.ts';
import { serviceJobs } from '../../scheduler/jobs.ts';
import { createScheduler } from '../../scheduler/scheduler.ts';

export function registerJobsCommand(program: Command): void {
  program
    .command('jobs')
    .description('The scheduled jobs: schedule, last run and next run, in the office’s zone')
    .option('-c, --config <file>', 'configuration file')
    .option('--json', 'print one JSON object per job')
    .action(async (options: { config?: string; json?: boolean }) => {
      const app = await createApp(loadConfig({ file: options.config }), { migrate: true });
      try {
        const zone = app.config.office.timeZone;
        const scheduler = createScheduler({
          jobs: serviceJobs(app),
          store: app.store,
          clock: () => new Date(),
          timeZone: zone,
          log: app.log,
        });
        for (const job of await scheduler.status()) {
          if (options.json) {
            console.log(JSON.stringify(job));
            continue;
          }
          const last = job.lastRun
            ? `${formatTanggalWaktu(job.lastRun.slot, zone)} (${job.lastRun.outcome}${job.lastRun.detail ? ` ${JSON.stringify(job.lastRun.detail)}` : ''})`
            : 'belum pernah';
          console.log(
            `${job.name}  [${job.schedule}]  ${job.description}\n  terakhir: ${last}\n  berikutnya: ${job.nextRun ? formatTanggalWaktu(job.nextRun, zone) : '-'}`,
          );
        }
      } finally {
        await app.close();
      }
    });
}
