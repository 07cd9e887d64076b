/**
 * The closed set of actions an SOP step may offer. Each one is what an official types as the first
 * word(s) of a reply (issue 4): Indonesian first, an English alias second. Keeping the set closed
 * lets the reply parser and every task e-mail list "the exact commands valid at this step".
 */
export const SOP_ACTIONS = {
  teruskan: {
    command: 'TERUSKAN',
    alias: 'FORWARD',
    meaning: 'Teruskan ke langkah berikutnya, dengan arahan/disposisi pada baris berikutnya',
  },
  jalur_cepat: {
    command: 'JALUR CEPAT',
    alias: 'FAST LANE',
    meaning: 'Jalur cepat: langsung ke OPD/Instansi terkait tanpa melalui pimpinan Diskominfo',
  },
  ambil: {
    command: 'AMBIL',
    alias: 'TAKE',
    meaning: 'Aduan diambil untuk ditanggapi oleh admin OPD yang membalas',
  },
  kembalikan: {
    command: 'KEMBALIKAN',
    alias: 'RETURN',
    meaning: 'Kembalikan ke langkah sebelumnya, dengan alasan',
  },
  tolak: {
    command: 'TOLAK',
    alias: 'REJECT',
    meaning: 'Tolak aduan, dengan alasan yang dikirim ke pelapor',
  },
  jawab: {
    command: 'JAWAB',
    alias: 'ANSWER',
    meaning: 'Jawaban/tanggapan, teksnya pada baris berikutnya',
  },
  informasi: {
    command: 'INFORMASI',
    alias: 'INFO',
    meaning: 'Hanya permintaan informasi: dijawab langsung, teks jawaban pada baris berikutnya',
  },
  setuju: {
    command: 'SETUJU',
    alias: 'APPROVE',
    meaning: 'Setujui dan tandatangani',
  },
  perpanjang: {
    command: 'PERPANJANG',
    alias: 'EXTEND',
    meaning: 'Perpanjang batas waktu langkah ini (tinjauan lapangan / lintas OPD), dengan alasan',
  },
  kirim: {
    command: 'KIRIM',
    alias: 'SEND',
    meaning: 'Kirim hasil langkah ini ke penerima berikutnya',
  },
  selesai: {
    command: 'SELESAI',
    alias: 'DONE',
    meaning: 'Langkah ini selesai dikerjakan',
  },
} as const satisfies Record<string, { command: string; alias: string; meaning: string }>;

export type SopActionName = keyof typeof SOP_ACTIONS;

export const SOP_ACTION_NAMES = Object.keys(SOP_ACTIONS) as SopActionName[];

export function isSopActionName(name: string): name is SopActionName {
  return Object.hasOwn(SOP_ACTIONS, name);
}
