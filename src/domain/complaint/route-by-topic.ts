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
 * The route whose keywords appear most often in the text, or null when none do. The text is read
 * word by word, and at each word the longest keyword phrase starting there is taken first, so
 * "lampu jalan" counts for Perhubungan and not also as "jalan" for PUPR. One pass over the words:
 * a long letter costs no more than its length.
 */
export function routeByTopic(
  text: string,
  routes: readonly TopicRoute[] = DEFAULT_TOPIC_ROUTES,
): TopicRoute | null {
  return topicOf(text, routes)?.route ?? null;
}

/**
 * The winning route and its keyword met most often ("jalan", "sampah"): what the monthly report
 * counts as the complaint's problem.
 */
export function topicOf(
  text: string,
  routes: readonly TopicRoute[] = DEFAULT_TOPIC_ROUTES,
): { route: TopicRoute; keyword: string } | null {
  const words = wordsOf(text);
  const phrases = phrasesByFirstWord(routes);
  const scores = new Map<TopicRoute, { score: number; keywords: Map<string, number> }>();
  for (let at = 0; at < words.length;) {
    const match = phrases.get(words[at]!)?.find((p) => p.words.every((word, k) => words[at + k] === word));
    if (!match) {
      at++;
      continue;
    }
    const entry = scores.get(match.route) ?? { score: 0, keywords: new Map<string, number>() };
    entry.score += match.route.weight ?? 1;
    entry.keywords.set(match.keyword, (entry.keywords.get(match.keyword) ?? 0) + 1);
    scores.set(match.route, entry);
    at += match.words.length;
  }
  let best: { route: TopicRoute; score: number; keywords: Map<string, number> } | null = null;
  for (const [route, entry] of scores) if (!best || entry.score > best.score) best = { route, ...entry };
  if (!best) return null;
  let keyword = '';
  let most = 0;
  for (const [phrase, count] of best.keywords) if (count > most) [keyword, most] = [phrase, count];
  return { route: best.route, keyword };
}

interface Phrase {
  route: TopicRoute;
  keyword: string;
  words: string[];
}

const phraseIndexes = new WeakMap<readonly TopicRoute[], Map<string, Phrase[]>>();

/** Keyword phrases by their first word, longest first; built once per route table. */
function phrasesByFirstWord(routes: readonly TopicRoute[]): Map<string, Phrase[]> {
  let index = phraseIndexes.get(routes);
  if (!index) {
    index = new Map();
    for (const route of routes) {
      for (const keyword of route.keywords) {
        const words = keyword
          .toLowerCase()
          .split(/[^\p{L}\p{N}-]+/u)
          .filter(Boolean);
        if (!words.length) continue;
        const list = index.get(words[0]!) ?? [];
        list.push({ route, keyword: words.join(' '), words });
        index.set(words[0]!, list);
      }
    }
    for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
    phraseIndexes.set(routes, index);
  }
  return index;
}

/**
 * Lower-case words: runs of letters, digits and hyphens. A scan by character code — a Unicode
 * regex split costs several times more on a long letter; only non-ASCII characters ask the regex.
 */
function wordsOf(text: string): string[] {
  const lower = text.toLowerCase();
  const words: string[] = [];
  let start = -1;
  for (let at = 0; at <= lower.length; at++) {
    const code = at < lower.length ? lower.charCodeAt(at) : 32;
    const inWord =
      (code >= 97 && code <= 122) ||
      (code >= 48 && code <= 57) ||
      code === 45 ||
      (code > 127 && LETTER_OR_DIGIT.test(lower[at]!));
    if (inWord && start === -1) start = at;
    else if (!inWord && start !== -1) {
      words.push(lower.slice(start, at));
      start = -1;
    }
  }
  return words;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
