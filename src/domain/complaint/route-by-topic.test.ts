import { describe, expect, it } from 'vitest';
import { routeByTopic } from './route-by-topic.ts';

describe('routeByTopic', () => {
  it.each([
    ['Jalan berlubang di Desa Sukamaju', 'Dinas PUPR'],
    ['Lampu jalan mati di Jl. Ahmad Yani', 'Dinas Perhubungan'],
    ['Antrean perekaman KTP-el di Disdukcapil', 'Disdukcapil'],
    // Conduct outweighs the service it happened at.
    ['Pungutan liar di loket KTP-el: KTP cepat jadi kalau bayar', 'Inspektorat'],
    ['Air PDAM tidak mengalir', 'Perumda Air Minum (PDAM)'],
  ])('%s → %s', (text, unit) => {
    expect(routeByTopic(text)?.unit).toBe(unit);
  });

  it('has no opinion on text without a topic', () => {
    expect(routeByTopic('Selamat pagi, terima kasih.')).toBeNull();
  });
});
