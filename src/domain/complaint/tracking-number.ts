/**
 * Tracking numbers from the office's pattern, e.g. "ADU-{tahun}-{urut:6}" → ADU-2026-000123.
 * Placeholders: {tahun}, {bulan} (01-12), {bulan_romawi} (I-XII), {urut} or {urut:N} (zero-padded).
 */
const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'] as const;

export function formatTrackingNumber(
  pattern: string,
  parts: { year: number; month: number; sequence: number },
): string {
  return pattern.replace(
    /\{(tahun|bulan|bulan_romawi|urut)(?::(\d+))?\}/g,
    (_, name: string, width?: string) => {
      switch (name) {
        case 'tahun':
          return String(parts.year);
        case 'bulan':
          return String(parts.month).padStart(2, '0');
        case 'bulan_romawi':
          return ROMAN_MONTHS[parts.month - 1] ?? '';
        default:
          return String(parts.sequence).padStart(Number(width ?? 0), '0');
      }
    },
  );
}

/** The sequence a pattern draws from: numbers restart each year (and each month if the pattern shows it). */
export function trackingSequenceName(pattern: string, parts: { year: number; month: number }): string {
  const perMonth = /\{bulan(_romawi)?\}/.test(pattern);
  return perMonth
    ? `tracking:${parts.year}-${String(parts.month).padStart(2, '0')}`
    : `tracking:${parts.year}`;
}

/** Finds tracking numbers of this pattern inside free text (subjects, replies). */
export function trackingNumberRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = escaped.replace(/\\\{(tahun|bulan|bulan_romawi|urut)(?::(\d+))?\\\}/g, (_, name: string) =>
    name === 'tahun'
      ? '\\d{4}'
      : name === 'bulan'
        ? '\\d{2}'
        : name === 'bulan_romawi'
          ? '[IVX]{1,4}'
          : '\\d+',
  );
  return new RegExp(source, 'gi');
}
