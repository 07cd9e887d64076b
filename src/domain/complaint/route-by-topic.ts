/**
 * Default routing from a complaint's words to a category and the OPD that usually handles it
 * (domain notes, "Default routing"). An office overrides it in its seed data later; the admin
 * always confirms at the first step.
 */
export interface TopicRoute {
  category: string;
  unit: string;
  keywords: readonly string[];
  /** How much one keyword counts (default 1): conduct (pungli) outweighs the service it happened at. */
  weight?: number;
}

export const DEFAULT_TOPIC_ROUTES: readonly TopicRoute[] = [
  {
    category: 'Infrastruktur',
    unit: 'Dinas PUPR',
    keywords: ['jalan', 'jembatan', 'drainase', 'selokan', 'gorong-gorong', 'aspal'],
  },
  {
    category: 'Perhubungan',
    unit: 'Dinas Perhubungan',
    keywords: ['lampu jalan', 'penerangan jalan', 'parkir', 'angkutan', 'terminal'],
  },
  {
    category: 'Lingkungan Hidup',
    unit: 'Dinas Lingkungan Hidup',
    keywords: ['sampah', 'pencemaran', 'limbah', 'bau busuk'],
  },
  {
    category: 'Kesehatan',
    unit: 'Dinas Kesehatan',
    keywords: ['puskesmas', 'rumah sakit', 'rsud', 'layanan kesehatan', 'bpjs kesehatan'],
  },
  { category: 'Pendidikan', unit: 'Dinas Pendidikan', keywords: ['sekolah', 'guru', 'ppdb', 'siswa'] },
  {
    category: 'Administrasi Kependudukan',
    unit: 'Disdukcapil',
    keywords: ['ktp', 'e-ktp', 'ktp-el', 'disdukcapil', 'kartu keluarga', 'akta', 'kk'],
  },
  { category: 'Sosial', unit: 'Dinas Sosial', keywords: ['bansos', 'bantuan sosial', 'pkh', 'blt'] },
  { category: 'Perizinan', unit: 'DPMPTSP', keywords: ['perizinan', 'izin usaha', 'pbg', 'imb', 'nib'] },
  { category: 'Ketertiban Umum', unit: 'Satpol PP', keywords: ['ketertiban', 'pkl', 'pedagang kaki lima'] },
  { category: 'Kebencanaan', unit: 'BPBD', keywords: ['bencana', 'banjir', 'longsor', 'kebakaran hutan'] },
  {
    category: 'Air Bersih',
    unit: 'Perumda Air Minum (PDAM)',
    keywords: ['air bersih', 'pdam', 'air mati', 'air keruh'],
  },
  { category: 'Ketenagakerjaan', unit: 'Disnaker', keywords: ['ketenagakerjaan', 'phk', 'upah', 'pesangon'] },
  { category: 'Kepegawaian', unit: 'BKPSDM', keywords: ['kepegawaian', 'asn', 'pns', 'pppk'] },
  { category: 'Dana Desa', unit: 'DPMD', keywords: ['dana desa', 'add', 'kepala desa'] },
  {
    category: 'Komunikasi dan Informatika',
    unit: 'Diskominfo',
    keywords: ['internet', 'hoaks', 'hoax', 'website', 'sinyal'],
  },
  {
    category: 'Pengawasan',
    unit: 'Inspektorat',
    keywords: ['pungli', 'pungutan liar', 'maladministrasi', 'korupsi', 'gratifikasi'],
    weight: 3,
  },
];

/**
 * The route whose keywords appear most often in the text, or null when none do. Longer phrases are
 * matched first and taken out of the text, so "lampu jalan" counts for Perhubungan and not also as
 * "jalan" for PUPR.
 */
export function routeByTopic(
  text: string,
  routes: readonly TopicRoute[] = DEFAULT_TOPIC_ROUTES,
): TopicRoute | null {
  let haystack = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}-]+/gu, ' ')} `;
  const keywords = routes
    .flatMap((route) => route.keywords.map((keyword) => ({ route, needle: ` ${keyword} ` })))
    .sort((a, b) => b.needle.length - a.needle.length);
  const scores = new Map<TopicRoute, number>();
  for (const { route, needle } of keywords) {
    const parts = haystack.split(needle);
    if (parts.length === 1) continue;
    scores.set(route, (scores.get(route) ?? 0) + (parts.length - 1) * (route.weight ?? 1));
    haystack = parts.join('  ');
  }
  let best: TopicRoute | null = null;
  for (const [route, score] of scores) if (!best || score > scores.get(best)!) best = route;
  return best;
}
