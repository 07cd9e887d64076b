/**
 * Where a complaint's problem is, as citizens write it: "di Desa Sukamaju, Kec. Tanjung Harapan",
 * "Kelurahan Paringin Kota". The monthly report counts places at the coarsest level named — the
 * kecamatan when given, else the desa or kelurahan — so that one road's ten complaints and its
 * neighbour's add up where a head of office plans work. A place is no identity; the complaint's
 * text is read, never shown.
 */
const PLACE =
  /\b(Kecamatan|Kec\.|Kelurahan|Kel\.|Desa|Ds\.|Kampung)[ \t]+((?:[A-Z][\p{L}'-]*\.?)(?:[ \t]+(?:[A-Z][\p{L}'-]*|\d+))*)/gu;

/** Words that follow a place name in addresses, not part of it ("Desa Sukamaju RT 03"). */
const NOT_A_NAME = new Set([
  'RT',
  'RW',
  'No',
  'No.',
  'Jl',
  'Jl.',
  'Jalan',
  'Kab',
  'Kab.',
  'Kabupaten',
  'Kecamatan',
  'Kec',
  'Kec.',
  'Desa',
  'Kelurahan',
  'Kel.',
  'Dusun',
  'Gang',
  'Gg.',
  'Blok',
  'Yth',
  'Yth.',
  'Bapak',
  'Ibu',
  'Terima',
  'Mohon',
  'Saya',
  'Kami',
]);

const LEVEL: Record<string, 'Kecamatan' | 'Kelurahan' | 'Desa'> = {
  Kecamatan: 'Kecamatan',
  'Kec.': 'Kecamatan',
  Kelurahan: 'Kelurahan',
  'Kel.': 'Kelurahan',
  Desa: 'Desa',
  'Ds.': 'Desa',
  Kampung: 'Desa',
};

export function placeOfComplaint(text: string): string | null {
  let village: string | null = null;
  for (const match of text.matchAll(PLACE)) {
    const level = LEVEL[match[1]!]!;
    const words: string[] = [];
    for (const word of match[2]!.split(/[ \t]+/)) {
      if (NOT_A_NAME.has(word) || words.length === 3) break;
      words.push(word.replace(/[.,]$/, ''));
    }
    if (!words.length) continue;
    const place = `${level} ${words.join(' ')}`;
    if (level === 'Kecamatan') return place;
    village ??= place;
  }
  return village;
}
