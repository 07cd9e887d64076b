import { describe, expect, it } from 'vitest';
import { formatDocumentNumber, numberPatternProblem, numberSequenceName } from './document-number.ts';

const parts = { klasifikasi: '000.8.3.4', urut: 27, unit: 'DISKOMINFO', year: 2026, month: 11 };

describe('document numbers', () => {
  it.each([
    ['{klasifikasi}/{urut}/{unit}/{tahun}', '000.8.3.4/27/DISKOMINFO/2026'],
    ['070/{urut}/{unit}/{tahun}', '070/27/DISKOMINFO/2026'],
    ['863/{urut}/BKPSDM.PK2PA.02/{bulan_romawi}/{tahun}', '863/27/BKPSDM.PK2PA.02/XI/2026'],
    ['{urut}/{bulan}/{tahun}', '27/11/2026'],
  ])('formats %s as %s', (pattern, number) => {
    expect(formatDocumentNumber(pattern, parts)).toBe(number);
  });

  it('writes every Roman month', () => {
    const months = Array.from(
      { length: 12 },
      (_, n) =>
        formatDocumentNumber('{bulan_romawi}/{urut}/{tahun}', { ...parts, month: n + 1 }).split('/')[0],
    );
    expect(months).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']);
  });

  it('refuses a pattern that cannot number, saying why', () => {
    expect(numberPatternProblem('{klasifikasi}/{urut}/{unit}/{tahun}')).toBeNull();
    expect(numberPatternProblem('{klasifikasi}/{unit}/{tahun}')).toContain('needs {urut}');
    expect(numberPatternProblem('{urut}/{unit}')).toContain('needs {tahun}');
    expect(numberPatternProblem('{urut}/{tahun}/{bidang}')).toContain('unknown placeholder {bidang}');
  });

  it('counts per kind, unit and year', () => {
    expect(numberSequenceName('surat_tanggapan', 'pupr', 2026)).toBe('doc:surat_tanggapan:pupr:2026');
  });
});
