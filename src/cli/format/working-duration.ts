/** Working minutes as an official reads them: "2 jam 15 menit kerja", "45 menit kerja". */
export function workingDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  const parts = [hours ? `${hours} jam` : '', rest || !hours ? `${rest} menit` : ''].filter(Boolean);
  return `${parts.join(' ')} kerja`;
}
