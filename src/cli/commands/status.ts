import type { Command } from 'commander';
import { formatTanggalWaktu } from '../../domain/calendar/format-indonesian.ts';
import { readDeskStatus } from '../../use-cases/read-desk-status.ts';
import { workingDuration } from '../format/working-duration.ts';
import { withApp, type StoreOptions } from '../with-store.ts';

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('Open complaints by SOP step, the overdue tasks (longest first) and the outbox')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .option('--limit <n>', 'overdue tasks to list', '20')
    .option('--json', 'print the status as one JSON object')
    .action((options: StoreOptions & { limit: string; json?: boolean }) =>
      withApp(options, async (app) => {
        const status = await readDeskStatus(
          { store: app.store, sop: app.sop, calendar: app.calendar, clock: () => new Date() },
          Math.max(0, Number.parseInt(options.limit, 10) || 0),
        );
        if (options.json) return console.log(JSON.stringify(status, null, 2));
        const zone = app.config.office.timeZone;
        const when = (at: Date) => formatTanggalWaktu(at, zone);
        console.log(`${app.config.office.name}\nSOP ${app.sop.id}, ${when(status.at)}\n`);
        const open = status.byStep.reduce((sum, step) => sum + step.complaints, 0);
        console.log(`Open complaints: ${open}`);
        for (const step of status.byStep) {
          const where = step.stepNo === null ? step.stepName : `${step.stepNo}. ${step.stepName}`;
          const who = step.actor ? ` (${step.actor})` : '';
          console.log(
            `  ${String(step.complaints).padStart(6)}  ${where}${who}${step.status === 'registered' ? ' [baru]' : ''}`,
          );
        }
        console.log(`\nOpen tasks: ${status.openTasks}, overdue: ${status.overdueTasks}`);
        for (const task of status.overdue) {
          const unit = task.unitCode ? ` ${task.unitCode}` : '';
          console.log(
            `  ${task.trackingNumber}  ${task.stepNo ?? '-'}. ${task.stepName} (${task.actor}${unit}): due ${when(task.dueAt)}, ${workingDuration(task.overdueWorkingMinutes)} late`,
          );
        }
        if (status.overdueTasks > status.overdue.length)
          console.log(`  … and ${status.overdueTasks - status.overdue.length} more (--limit)`);
        const { pending, failed, oldestPendingAt } = status.outbox;
        console.log(
          `\nOutbox: ${pending} waiting${oldestPendingAt ? ` (oldest queued ${when(oldestPendingAt)})` : ''}, ${failed} failed for good`,
        );
      }),
    );
}
