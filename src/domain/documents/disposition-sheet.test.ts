import { describe, expect, it } from 'vitest';
import { sifatOf, tickedInstructions } from './disposition-sheet.ts';

const FORM = [
  'Tindak lanjuti',
  'Pelajari dan konsep balasan',
  'Koordinasikan dengan unit terkait',
  'Laporkan hasilnya',
  'Untuk diketahui',
  'Arsipkan',
];
const ticked = (note: string) => FORM.filter((_, n) => tickedInstructions(FORM, note)[n]);

describe('the disposition sheet reads the official’s words', () => {
  it.each([
    ['', ['Tindak lanjuti']],
    ['Mohon ditinjau.', ['Tindak lanjuti']],
    ['Segera tindak lanjuti dan laporkan hasilnya.', ['Tindak lanjuti', 'Laporkan hasilnya']],
    [
      'Pelajari, koordinasikan dengan Bina Marga',
      ['Pelajari dan konsep balasan', 'Koordinasikan dengan unit terkait'],
    ],
    ['Untuk diketahui dan arsipkan', ['Untuk diketahui', 'Arsipkan']],
    ['Mohon dilaporkan minggu ini', ['Laporkan hasilnya']],
  ])('ticks %j as %j', (note, expected) => {
    expect(ticked(note)).toEqual(expected);
  });

  it('marks it Rahasia for a confidential complaint, else by the urgency written', () => {
    expect(sifatOf(true, 'segera')).toBe('Rahasia');
    expect(sifatOf(false, 'Sangat segera, hari ini')).toBe('Sangat Segera');
    expect(sifatOf(false, 'Mohon segera ditinjau')).toBe('Segera');
    expect(sifatOf(false, 'Tindak lanjuti')).toBe('Biasa');
  });
});
