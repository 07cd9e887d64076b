import type { App } from '../main.ts';
import type { JobDefinition } from './job-definition.ts';

/** The service's jobs. Reminders, escalation and the reports join them (the scheduler issue). */
export function serviceJobs(
  app: Pick<App, 'runDeadlines' | 'runReminders' | 'runEscalations' | 'runAutoClose'>,
): JobDefinition[] {
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
  ];
}
