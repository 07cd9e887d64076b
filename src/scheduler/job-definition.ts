/** A scheduled job: what runs, when (cron, in the office's zone), and what it says it did. */
export interface JobDefinition {
  /** Short and stable: the key of its runs in job_runs, and what `aduan jobs` shows. */
  name: string;
  /** Five-field cron (minute hour day month weekday) in the office's time zone. */
  schedule: string;
  description: string;
  /** Does the work for the slot it was claimed for; returns counts for the run's record. */
  run(slot: Date): Promise<Record<string, unknown>>;
}
