import type { App } from '../main.ts';
import type { JobDefinition } from './job-definition.ts';

/** The service's jobs; the reports' times come from config (reports.daily.time, reports.monthly.time). */
export function serviceJobs(
  app: Pick<
    App,
    'runDeadlines' | 'runReminders' | 'runEscalations' | 'runAutoClose' | 'runDailyReport' | 'runMonthlyRecap'
  > & { config: Pick<App['config'], 'reports'> },
): JobDefinition[] {
  const { daily, monthly } = app.config.reports;
  return [
    {
      name: 'tenggat',
      schedule: '*/5 * * * *',
      description:
        'Langkah yang melewati batas waktunya berpindah sesuai SOP (onOverdue, mis. grup aduan Karanganyar)',
      run: async () => app.runDeadlines(),
    },
    {
      name: 'pengingat',
      schedule: '*/15 * * * *',
      description:
        'Pengingat kepada pemegang tugas yang mendekati batas waktu (satu e-mail ringkasan per orang)',
      run: async () => app.runReminders(),
    },
    {
      name: 'eskalasi',
      schedule: '*/15 * * * *',
      description:
        'Eskalasi tugas yang melewati batas waktu kepada atasan, tingkat demi tingkat, dengan tembusan kepada admin',
      run: async () => app.runEscalations(),
    },
    {
      name: 'tutup-otomatis',
      schedule: '0 6 * * *',
      description: 'Pengaduan terjawab yang tidak dibalas pelapor selama 10 hari kerja ditutup',
      run: async () => app.runAutoClose(),
    },
    {
      name: 'laporan-harian',
      schedule: dailyAt(daily.time),
      description: 'Laporan monitoring harian (PDF) kepada penerima laporan, pada hari kerja',
      run: async (slot) => app.runDailyReport(slot),
    },
    {
      name: 'rekap-bulanan',
      // Every day: the job itself sends last month's recap once, from the first working day on.
      schedule: dailyAt(monthly.time),
      description:
        'Rekap bulanan bulan lalu (PDF dan register XLSX) kepada pimpinan, pada hari kerja pertama',
      run: async (slot) => app.runMonthlyRecap(slot),
    },
  ];
}

/** "07:30" → the cron expression "30 7 * * *". */
function dailyAt(time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return `${minute} ${hour} * * *`;
}
