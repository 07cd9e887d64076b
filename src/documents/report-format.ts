/** How reports write numbers and durations, in Indonesian. */

/** 1.234 with the Indonesian thousands dot; a decimal with a comma (97,5). */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(value);
}

/** "97,5 %", or "-" when there was nothing to measure. */
export function formatPercent(value: number | null): string {
  return value === null ? '-' : `${formatNumber(value)} %`;
}

/**
 * Working time as jam and menit ("3 jam 20 menit", "45 menit"). Not in days: a working day is not a
 * fixed length (Friday is short), and the figures are averages over days of both lengths.
 */
export function formatWorkingMinutes(minutes: number | null): string {
  if (minutes === null) return '-';
  const rounded = Math.round(minutes);
  const hours = Math.floor(rounded / 60);
  const rest = rounded % 60;
  if (!hours) return `${rest} menit`;
  return rest ? `${formatNumber(hours)} jam ${rest} menit` : `${formatNumber(hours)} jam`;
}
