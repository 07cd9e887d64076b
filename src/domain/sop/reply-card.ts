import { SOP_ACTION_NAMES, SOP_ACTIONS, type SopActionName } from './action-vocabulary.ts';
import {
  actionNamesOf,
  CITIZEN_ROLE,
  findStep,
  roleTitle,
  type SopDefinition,
  type SopStep,
} from './sop-definition.ts';
import { formatTimeStandard } from './time-standard.ts';

/**
 * The officials' reply-command card: one printable page (and a web page) saying how to act on a
 * complaint by replying to a task mail, for one office's SOP. This is the text only; the PDF
 * (src/documents/reply-card-pdf.ts) and the Markdown below lay out the same model, so the two
 * never say different things. Text may carry `code` (what an official types) and **bold**.
 */
export interface ReplyCard {
  title: string;
  /** Under the title: the office and the SOP. */
  subtitle: string[];
  sections: ReplyCardSection[];
  footer: string;
}

export interface ReplyCardSection {
  heading: string;
  items: ReplyCardItem[];
}

export type ReplyCardItem =
  | { kind: 'paragraph'; text: string }
  /** A list entry; level 1 sits under the level-0 entry before it (a step's commands). */
  | { kind: 'entry'; text: string; level: 0 | 1 }
  /** A reply as typed, line by line. */
  | { kind: 'example'; lines: string[] };

export interface ReplyCardInput {
  sop: SopDefinition;
  office: {
    name: string;
    /** The complaints address: task mails come from it, replies go to it plus a token. */
    address: string;
    telepon?: string | undefined;
    email?: string | undefined;
  };
  replies: { tokenDays: number; senderCheck: 'none' | 'dkim' | 'dmarc' };
}

export const REPLY_CARD_TITLE = 'Cara Menindaklanjuti Pengaduan lewat Balasan E-mail';

/**
 * Spellings the reply parser reads besides each action's command and alias
 * (src/domain/commands/reply-command.ts); reply-card.test.ts checks that it still does.
 */
export const EXTRA_SPELLINGS: Partial<Record<SopActionName, readonly string[]>> = {
  setuju: ['TTD', 'SIGN'],
};

/** What follows the command word, as the task mails show it (queue-task-mails.ts). */
const ARGUMENTS: Partial<Record<SopActionName, string>> = {
  teruskan: '[arahan pada baris berikutnya]',
  jalur_cepat: '[arahan pada baris berikutnya]',
  kembalikan: '<alasan>',
  tolak: '<alasan>',
  jawab: '(teks jawaban pada baris berikutnya)',
  informasi: '(teks jawaban pada baris berikutnya)',
  perpanjang: '<n> HARI <alasan>',
};

/** More than the vocabulary's one line, where the reply parser or the use-case asks for more. */
const DETAILS: Partial<Record<SopActionName, string>> = {
  ambil: 'Semua anggota menerima tugasnya; yang pertama membalas mengambil pengaduan untuk OPD-nya sendiri.',
  jawab: 'Tanpa teks: dipakai konsep jawaban dari langkah sebelumnya, bila ada.',
  informasi: 'Tanpa teks: dipakai konsep jawaban dari langkah sebelumnya, bila ada.',
  perpanjang: 'Sekali per langkah, sebatas yang diizinkan SOP.',
};

export function buildReplyCard(input: ReplyCardInput): ReplyCard {
  const { sop, office } = input;
  return {
    title: REPLY_CARD_TITLE,
    subtitle: [office.name, `SOP ${sop.name}`],
    sections: [
      howToReply(input),
      commandList(sop),
      stepList(sop),
      ...signing(sop),
      refusals(input),
      help(input),
    ],
    footer: `Dibuat dari SOP "${sop.id}" oleh Kotak Aduan (aduan sop card). Perintah yang berlaku pada setiap tugas juga tertulis di e-mail tugasnya.`,
  };
}

function howToReply({ sop, office }: ReplyCardInput): ReplyCardSection {
  return {
    heading: 'Cara membalas',
    items: [
      entry(
        `**1.** Buka e-mail tugas dari ${office.address} (subjek "[nomor pengaduan] Tugas: …") dan tekan **Balas** (Reply). Jangan menulis e-mail baru: e-mail baru ke alamat pengaduan dicatat sebagai pengaduan baru.`,
      ),
      entry(
        '**2.** Tulis perintah di **baris pertama**, di atas kutipan e-mail. Huruf besar/kecil dan tanda baca di akhir tidak berpengaruh. Arahan, alasan atau teks jawaban ditulis sesudah perintah atau pada baris-baris berikutnya.',
      ),
      entry(
        `**3.** Jangan ubah alamat tujuan balasan (Reply-To, \`${plusAddress(office.address)}\`): kodenya menandai tugas dan penerimanya. Kirim dari alamat yang menerima e-mail tugas.`,
      ),
      entry(
        '**4.** Satu perintah per balasan: baris seperti `SETUJU / TOLAK` tidak dijalankan. Jangan meneruskan (forward) e-mail tugas; untuk menyerahkan tugas, pakai `DELEGASI`.',
      ),
      entry(
        '**5.** Sistem membalas "Diterima: …" dengan langkah berikutnya, atau "Tidak dijalankan" dengan alasannya dan perintah yang berlaku. Bila beberapa orang menerima tugas yang sama, perintah pertama yang dijalankan.',
      ),
      { kind: 'paragraph', text: 'Contoh balasan:' },
      { kind: 'example', lines: exampleReply(sop) },
    ],
  };
}

function commandList(sop: SopDefinition): ReplyCardSection {
  const used = new Set(sop.steps.flatMap(actionNamesOf));
  const opdNamed = (name: SopActionName) => sop.steps.some((step) => namesOpd(sop, step, name));
  return {
    heading: 'Perintah',
    items: [
      ...SOP_ACTION_NAMES.filter((name) => used.has(name)).map((name) =>
        entry(
          [
            `${typed(name)} — ${SOP_ACTIONS[name].meaning}.`,
            DETAILS[name],
            opdNamed(name)
              ? `Ke OPD untuk pertama kali: sebutkan kode atau nama OPD sesudah perintah, mis. \`${SOP_ACTIONS[name].command} pupr\`.`
              : undefined,
            `Juga: ${spellingsOf(name).join(', ')}.`,
          ]
            .filter(Boolean)
            .join(' '),
        ),
      ),
      entry(
        '`DELEGASI <e-mail> [catatan]` — Serahkan tugas ini kepada pejabat pengganti (Plt/Plh) yang ada di direktori; tugas tetap berlaku bagi Anda, yang lebih dulu bertindak yang dijalankan. Juga: `DELEGATE`.',
      ),
      entry(
        '`STATUS` — Posisi pengaduan saat ini: status, langkah yang berjalan dan batas waktunya. Tidak mengubah apa pun.',
      ),
    ],
  };
}

function stepList(sop: SopDefinition): ReplyCardSection {
  return {
    heading: 'Langkah SOP: siapa bertindak, perintah yang berlaku',
    items: [
      {
        kind: 'paragraph',
        text: 'Pada setiap langkah juga berlaku `STATUS` dan `DELEGASI`. Batas waktu dihitung dalam jam kerja.',
      },
      ...sop.steps.flatMap((step) => [
        entry(
          `**${step.no}. ${step.name}** — ${roleTitle(sop, step.actor)}, ${formatTimeStandard(step.time)}.`,
        ),
        ...actionNamesOf(step).map((name) =>
          entry(`${typed(name, { step, sop })} — ${step.actions[name]!.label}`, 1),
        ),
        ...stepNotes(sop, step).map((note) => entry(note, 1)),
      ]),
    ],
  };
}

/** What happens at a step without anyone's reply. */
function stepNotes(sop: SopDefinition, step: SopStep): string[] {
  const notes: string[] = [];
  if (step.actor === CITIZEN_ROLE) notes.push('Dilakukan pelapor; tidak ada e-mail tugas bagi pejabat.');
  const next = step.onOverdue ? findStep(sop, step.onOverdue) : undefined;
  if (next) {
    notes.push(
      `Tanpa balasan sampai batas waktu, pengaduan pindah sendiri ke langkah ${next.no} (${roleTitle(sop, next.actor)}).`,
    );
  }
  return notes;
}

/** Signing and disposing by reply: only for an SOP whose steps produce these documents. */
function signing(sop: SopDefinition): ReplyCardSection[] {
  const producing = (document: string) =>
    sop.steps.flatMap((step) =>
      actionNamesOf(step)
        .filter((name) => step.actions[name]!.produces === document)
        .map((name) => ({ step, name })),
    );
  const dispositions = producing('lembar_disposisi');
  const letters = producing('surat_tanggapan');
  if (!dispositions.length && !letters.length) return [];
  const items: ReplyCardItem[] = [];
  // Grouped by command: the steps list says who acts at each.
  for (const name of new Set(dispositions.map((found) => found.name))) {
    const steps = dispositions.filter((found) => found.name === name).map(({ step }) => String(step.no));
    items.push(
      entry(
        `**Lembar disposisi** dibuat dan diberi nomor saat pejabat membalas \`${SOP_ACTIONS[name].command}\` pada langkah ${listOf(steps, 'dan')}; arahan pada baris-baris berikutnya menjadi isi disposisi.`,
      ),
    );
  }
  for (const { step, name } of letters) {
    const drafting = sop.steps.filter((other) =>
      actionNamesOf(other).some((action) => other.actions[action]!.to === step.id && action !== 'kembalikan'),
    );
    const signer = roleTitle(sop, step.actor);
    if (drafting.length) {
      items.push(
        entry(
          `**Konsep surat tanggapan** dibuat dari jawaban ${listOf(drafting.map((other) => `${roleTitle(sop, other.actor)} (langkah ${other.no})`))} dan dilampirkan (PDF) pada e-mail tugas ${signer} (langkah ${step.no}).`,
        ),
      );
    }
    items.push(
      entry(
        `**Tanda tangan elektronik:** ${signer} membalas \`${SOP_ACTIONS[name].command}\` (juga ${spellingsOf(name).join(', ')}): surat diberi nomor, tanggal, nama dan jabatan penanda tangan (Plt./Plh. bila pejabat pengganti) dan kode QR untuk verifikasi.`,
      ),
      entry(
        `**Tanda tangan basah:** cetak konsep, tandatangani, pindai menjadi PDF, lalu balas \`${SOP_ACTIONS[name].command}\` dengan PDF itu terlampir: PDF itu disimpan sebagai surat yang sah.`,
      ),
    );
    if (step.actions.kembalikan) {
      items.push(
        entry('`KEMBALIKAN <alasan>` mengembalikan konsep untuk diperbaiki; tidak ada yang ditandatangani.'),
      );
    }
  }
  return [{ heading: 'Disposisi dan tanda tangan lewat balasan', items }];
}

function refusals({ replies }: ReplyCardInput): ReplyCardSection {
  const vouch = {
    none: null,
    dkim: 'Balasan juga harus bertanda tangan DKIM yang sah dari domain alamat pengirim: kirim lewat server e-mail dinas.',
    dmarc: 'Balasan juga harus lolos DMARC domain alamat pengirim: kirim lewat server e-mail dinas.',
  }[replies.senderCheck];
  return {
    heading: 'Bila balasan ditolak',
    items: [
      entry(
        `Perintah dijalankan hanya bila balasan dikirim ke alamat balasan e-mail tugas (dengan kodenya), kode itu masih berlaku (${replies.tokenDays} hari sejak e-mail tugas dikirim) dan belum dipakai, dan **pengirimnya (From) adalah alamat penerima e-mail tugas**.${vouch ? ` ${vouch}` : ''}`,
      ),
      entry(
        'Balasan yang gagal pemeriksaan itu tidak mengubah apa pun: dikarantina dan dicatat, dan **penerima e-mail tugas** (bukan pengirim balasan) mendapat e-mail "Peringatan: perintah atas tugas Anda ditolak". Bila itu Anda, balas lagi dari alamat Anda dengan tombol Balas pada e-mail tugas.',
      ),
      entry(
        'Kode kedaluwarsa: bila Anda sendiri yang membalas, e-mail tugas dikirim ulang dengan kode baru. Perintahnya belum dijalankan: balas e-mail yang baru.',
      ),
      entry(
        'Satu e-mail tugas untuk satu perintah yang dijalankan. `STATUS`, `DELEGASI` dan balasan yang tidak dijalankan tidak menghabiskannya.',
      ),
      entry(
        'Langkah yang sudah diselesaikan (oleh Anda atau orang lain) tidak berubah lagi; balasan Anda dijawab.',
      ),
    ],
  };
}

function help({ sop, office }: ReplyCardInput): ReplyCardSection {
  const admin = sop.steps.find((step) => step.actor !== CITIZEN_ROLE)?.actor;
  const contacts = [office.telepon && `telepon ${office.telepon}`, office.email && `e-mail ${office.email}`];
  const reach = contacts.filter(Boolean).join(', ');
  return {
    heading: 'Bantuan',
    items: [
      entry('Balas `STATUS` pada e-mail tugas untuk melihat posisi pengaduan.'),
      entry(
        `Pertanyaan atau kendala (e-mail tugas tidak datang, alamat atau jabatan Anda berubah, perlu pejabat pengganti di direktori): ${admin ? `${roleTitle(sop, admin)}, ` : ''}${office.name}${reach ? ` (${reach})` : ''}.`,
      ),
    ],
  };
}

/** The command as typed; at a step, with the OPD to name where the complaint first goes to one. */
function typed(name: SopActionName, at?: { step: SopStep; sop: SopDefinition }): string {
  const command = SOP_ACTIONS[name].command;
  if (at && namesOpd(at.sop, at.step, name)) return `\`${command} <kode OPD>\``;
  const argument = ARGUMENTS[name];
  return `\`${argument ? `${command} ${argument}` : command}\``;
}

/**
 * Whether this action at this step must name the OPD: it moves the complaint to an OPD's step from
 * a step it can reach before any OPD had it. AMBIL takes it for the replier's own OPD instead.
 */
function namesOpd(sop: SopDefinition, step: SopStep, name: SopActionName): boolean {
  const target = findStep(sop, step.actions[name]?.to ?? '');
  return name !== 'ambil' && !!target && isOpdStep(sop, target) && stepsBeforeOpd(sop).has(step.id);
}

function stepsBeforeOpd(sop: SopDefinition): Set<string> {
  const reached = new Set<string>();
  const queue = sop.steps.slice(0, 1);
  for (let step = queue.shift(); step; step = queue.shift()) {
    if (reached.has(step.id) || isOpdStep(sop, step)) continue;
    reached.add(step.id);
    const next = [...Object.values(step.actions).map((action) => action?.to), step.onOverdue];
    for (const id of next) {
      const found = id ? findStep(sop, id) : undefined;
      if (found) queue.push(found);
    }
  }
  return reached;
}

function isOpdStep(sop: SopDefinition, step: SopStep): boolean {
  return sop.roles.find((role) => role.key === step.actor)?.unit === 'opd';
}

function spellingsOf(name: SopActionName): string[] {
  return [SOP_ACTIONS[name].alias, ...(EXTRA_SPELLINGS[name] ?? [])].map((spelling) => `\`${spelling}\``);
}

/** A reply for the first official step's usual action, as an official would type it. */
function exampleReply(sop: SopDefinition): string[] {
  const step = sop.steps.find((candidate) => candidate.actor !== CITIZEN_ROLE);
  const names = step ? actionNamesOf(step) : [];
  const main = names.find((name) => step!.actions[name]!.main) ?? names[0];
  if (!main) return ['STATUS'];
  const command = SOP_ACTIONS[main].command;
  if (main === 'jawab' || main === 'informasi')
    return [command, 'Yth. Bapak/Ibu, terima kasih atas pengaduan Anda. …'];
  if (main === 'tolak' || main === 'kembalikan') return [`${command} bukan kewenangan unit kami`];
  if (main === 'perpanjang') return ['PERPANJANG 14 HARI perlu tinjauan lapangan'];
  return [command, 'Mohon segera ditindaklanjuti dan dilaporkan hasilnya.'];
}

function plusAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? `${address}+kode` : `${address.slice(0, at)}+kode${address.slice(at)}`;
}

function listOf(parts: string[], last = 'atau'): string {
  return parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${last} ${parts.at(-1)}`;
}

function entry(text: string, level: 0 | 1 = 0): ReplyCardItem {
  return { kind: 'entry', text, level };
}

/** The card as a web page (docs/reply-commands.md), from the same model as the printed one. */
export function replyCardMarkdown(card: ReplyCard, generatedBy: string): string {
  const lines = [`# ${card.title}`, '', `<!-- ${generatedBy} -->`, '', `**${card.subtitle.join(' · ')}**`];
  for (const section of card.sections) {
    lines.push('', `## ${section.heading}`, '');
    let previous: ReplyCardItem['kind'] | null = null;
    for (const item of section.items) {
      // A list ends with a blank line before a paragraph or an example.
      if (previous === 'entry' && item.kind !== 'entry') lines.push('');
      if (item.kind === 'paragraph') lines.push(markdownText(item.text), '');
      else if (item.kind === 'entry') lines.push(`${item.level ? '  ' : ''}- ${markdownText(item.text)}`);
      else lines.push('```text', ...item.lines, '```', '');
      previous = item.kind;
    }
    while (lines.at(-1) === '') lines.pop();
  }
  lines.push('', '---', '', markdownText(card.footer), '');
  return lines.join('\n');
}

/** Plain text parts escaped; `code` and **bold** kept as Markdown. */
function markdownText(text: string): string {
  return splitMarkup(text)
    .map((part) =>
      part.style === 'code'
        ? `\`${part.text}\``
        : part.style === 'bold'
          ? `**${escapeMarkdown(part.text)}**`
          : escapeMarkdown(part.text),
    )
    .join('');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]]/g, '\\$&').replaceAll('<', '&lt;');
}

/** Text in its parts: plain, `code` (typed by an official) and **bold**. */
export function splitMarkup(text: string): { text: string; style: 'plain' | 'code' | 'bold' }[] {
  return text
    .split(/(`[^`]+`|\*\*[^*]+\*\*)/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith('`')
        ? { text: part.slice(1, -1), style: 'code' as const }
        : part.startsWith('**')
          ? { text: part.slice(2, -2), style: 'bold' as const }
          : { text: part, style: 'plain' as const },
    );
}
