import { describe, expect, it } from 'vitest';
import { placeOfComplaint } from './place-of-complaint.ts';

describe('placeOfComplaint', () => {
  it.each([
    ['Jalan berlubang di Desa Sukamaju, Kec. Tanjung Harapan, mohon diperbaiki', 'Kecamatan Tanjung Harapan'],
    ['Sampah menumpuk di Kelurahan Paringin Kota RT 03 RW 01', 'Kelurahan Paringin Kota'],
    ['Lampu jalan mati di Desa Batu Piring. Sudah seminggu.', 'Desa Batu Piring'],
    ['Banjir di Kecamatan Jaten setiap hujan deras', 'Kecamatan Jaten'],
    ['Kampung Baru Ilir, dekat pasar', 'Desa Baru Ilir'],
  ])('reads "%s" as %s', (text, place) => {
    expect(placeOfComplaint(text)).toBe(place);
  });

  it('takes the kecamatan over the desa named before it', () => {
    expect(placeOfComplaint('Desa Ngringo, Kecamatan Jaten, Kabupaten Karanganyar')).toBe('Kecamatan Jaten');
  });

  it('finds no place in lower-case mentions or text without one', () => {
    expect(placeOfComplaint('jalan di desa kami rusak parah')).toBeNull();
    expect(placeOfComplaint('Pelayanan KTP lambat sekali')).toBeNull();
  });
});

describe('placeOfComplaint across lines', () => {
  it('ends a name at the line’s end', () => {
    expect(placeOfComplaint('Sampah di Kelurahan Jaten\nSampah di TPS belum diangkut')).toBe(
      'Kelurahan Jaten',
    );
  });
});
