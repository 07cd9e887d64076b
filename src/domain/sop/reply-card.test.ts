import { describe, expect, it } from 'vitest';
import { parseReplyCommand } from '../commands/reply-command.ts';
import { SOP_ACTION_NAMES, SOP_ACTIONS } from './action-vocabulary.ts';
import { SOP_PRESET_NAMES } from './presets.ts';
import {
  buildReplyCard,
  EXTRA_SPELLINGS,
  replyCardMarkdown,
  type ReplyCard,
  type ReplyCardInput,
} from './reply-card.ts';
import { actionNamesOf, type SopDefinition } from './sop-definition.ts';
import { loadPreset } from './sop-test-fixtures.ts';

// The card's text model, without PDF: what it offers must be what the reply parser reads and what
// the SOP allows at each step.

function cardOf(sop: SopDefinition, replies: Partial<ReplyCardInput['replies']> = {}): ReplyCard {
  return buildReplyCard({
    sop,
    office: { name: 'Diskominfo Kabupaten Contoh', address: 'pengaduan@contoh.go.id', telepon: '(0511) 123' },
    replies: { tokenDays: 30, senderCheck: 'none', ...replies },
  });
}

function textOf(card: ReplyCard, heading?: string): string {
  return card.sections
    .filter((section) => heading === undefined || section.heading.startsWith(heading))
    .flatMap((section) =>
      section.items.map((item) => (item.kind === 'example' ? item.lines.join('\n') : item.text)),
    )
    .join('\n');
}

describe('the reply-command card', () => {
  it.each(SOP_PRESET_NAMES)('lists every action of %s at its step, with the step’s own label', (name) => {
    const sop = loadPreset(name);
    const card = cardOf(sop);
    const steps = textOf(card, 'Langkah SOP');
    const commands = textOf(card, 'Perintah');
    for (const step of sop.steps) {
      expect(steps).toContain(`**${step.no}. ${step.name}**`);
      for (const action of actionNamesOf(step)) {
        const command = SOP_ACTIONS[action].command;
        expect(steps).toMatch(new RegExp(`\`${command}[^\`]*\` — ${escape(step.actions[action]!.label)}`));
        expect(commands).toContain(`\`${command}`);
      }
    }
    for (const always of ['`DELEGASI', '`STATUS`']) expect(commands).toContain(always);
  });

  it('offers only spellings the reply parser reads as that command', () => {
    for (const action of SOP_ACTION_NAMES) {
      const { command, alias } = SOP_ACTIONS[action];
      for (const spelling of [command, alias, ...(EXTRA_SPELLINGS[action] ?? [])]) {
        const parsed = parseReplyCommand(`${spelling.toLowerCase()} contoh alasan`);
        expect(parsed.ok && parsed.command.kind === 'action' && parsed.command.action, spelling).toBe(action);
      }
    }
    expect(parseReplyCommand('DELEGATE plh@contoh.go.id')).toMatchObject({
      ok: true,
      command: { kind: 'delegate' },
    });
    expect(parseReplyCommand('STATUS')).toMatchObject({ ok: true, command: { kind: 'status' } });
  });

  it.each(SOP_PRESET_NAMES)('gives %s an example reply that is a valid command', (name) => {
    const card = cardOf(loadPreset(name));
    const example = card.sections.flatMap((section) => section.items).find((item) => item.kind === 'example');
    expect(example?.kind).toBe('example');
    if (example?.kind === 'example') expect(parseReplyCommand(example.lines.join('\n')).ok).toBe(true);
  });

  it('asks for the OPD only where the complaint first goes to one', () => {
    const steps = textOf(cardOf(loadPreset('balangan')), 'Langkah SOP');
    expect(steps).toContain('`JALUR CEPAT <kode OPD>` — Jalur cepat');
    expect(steps).toContain('`TERUSKAN <kode OPD>` — Disposisi kepada OPD');
    // Step 10 sends it back to the OPD that already has it.
    expect(steps).toContain('`KEMBALIKAN <alasan>` — Kembalikan ke OPD (tanggapan belum menjawab aduan)');
    // Karanganyar's AMBIL takes it for the replier's own OPD.
    expect(textOf(cardOf(loadPreset('karanganyar')), 'Langkah SOP')).toContain('`AMBIL` — Diambil');
  });

  it('explains signing by reply where the SOP signs a letter, and only there', () => {
    const balangan = textOf(cardOf(loadPreset('balangan')), 'Disposisi dan tanda tangan');
    expect(balangan).toContain('`SETUJU` (juga `APPROVE`, `TTD`, `SIGN`)');
    expect(balangan).toContain('(langkah 8)');
    expect(balangan).toContain('`TERUSKAN` pada langkah 4, 6 dan 10');
    expect(balangan).toContain('Tanda tangan basah');
    for (const name of ['karanganyar', 'kaltim'] as const) {
      expect(textOf(cardOf(loadPreset(name)), 'Disposisi dan tanda tangan')).toBe('');
    }
  });

  it('says how long a task mail is valid and what the office’s sender check asks', () => {
    const sop = loadPreset('balangan');
    expect(textOf(cardOf(sop, { tokenDays: 14 }), 'Bila balasan ditolak')).toContain('14 hari');
    expect(textOf(cardOf(sop), 'Bila balasan ditolak')).not.toContain('DKIM');
    expect(textOf(cardOf(sop, { senderCheck: 'dkim' }), 'Bila balasan ditolak')).toContain('DKIM');
    expect(textOf(cardOf(sop, { senderCheck: 'dmarc' }), 'Bila balasan ditolak')).toContain('DMARC');
    expect(textOf(cardOf(sop), 'Bantuan')).toContain(
      'Admin Layanan Aduan, Diskominfo Kabupaten Contoh (telepon (0511) 123)',
    );
  });

  it('writes the same card as Markdown, with what is typed as code', () => {
    const markdown = replyCardMarkdown(cardOf(loadPreset('balangan')), 'catatan');
    expect(markdown).toMatch(/^# Cara Menindaklanjuti Pengaduan lewat Balasan E-mail\n\n<!-- catatan -->/);
    expect(markdown).toContain('  - `JALUR CEPAT <kode OPD>` — Jalur cepat');
    expect(markdown).toContain('```text\nTERUSKAN\n');
    // Outside code, "<alasan>" would be read as an HTML tag and vanish.
    const prose = markdown.replace(/```[\s\S]*?```|`[^`]*`|<!--.*?-->/g, '');
    expect(prose).not.toContain('<');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
