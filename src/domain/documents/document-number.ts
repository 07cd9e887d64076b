/**
 * Document numbers from an office's pattern, e.g. `{klasifikasi}/{urut}/{unit}/{tahun}` →
 * `000.8.3.4/27/DISKOMINFO/2026`, or with the Roman month `{bulan_romawi}` →
 * `863/39/BKPSDM/XI/2026`. The sequence (`{urut}`) restarts every year, per document kind and unit.
 */
export interface NumberParts {
  klasifikasi: string;
  urut: number;
  unit: string;
  year: number;
  /** 1-12 */
  month: number;
}

const PLACEHOLDERS = ['klasifikasi', 'urut', 'unit', 'tahun', 'bulan', 'bulan_romawi'] as const;
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'] as const;

/** Why a pattern cannot number documents; null when it can. */
export function numberPatternProblem(pattern: string): string | null {
  const names = [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
  const unknown = names.filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length)
    return `unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
  if (!names.includes('urut')) return 'the pattern needs {urut}, the running number';
  if (!names.includes('tahun')) return 'the pattern needs {tahun}: numbers restart every year';
  return null;
}

export function formatDocumentNumber(pattern: string, parts: NumberParts): string {
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    klasifikasi: parts.klasifikasi,
    urut: String(parts.urut),
    unit: parts.unit,
    tahun: String(parts.year),
    bulan: String(parts.month).padStart(2, '0'),
    bulan_romawi: ROMAN[parts.month - 1]!,
  };
  return pattern.replace(/\{([a-z_]+)\}/g, (_, name: (typeof PLACEHOLDERS)[number]) => values[name]);
}

/** The sequence a number is drawn from: one per kind, unit and year. */
export function numberSequenceName(kind: string, unitCode: string, year: number): string {
  return `doc:${kind}:${unitCode}:${year}`;
}
