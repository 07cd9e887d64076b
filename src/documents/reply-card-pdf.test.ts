import { PDFDocument } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../config/paths.ts';
import { SOP_ACTIONS } from '../domain/sop/action-vocabulary.ts';
import { SOP_PRESET_NAMES } from '../domain/sop/presets.ts';
import { buildReplyCard, REPLY_CARD_TITLE } from '../domain/sop/reply-card.ts';
import { actionNamesOf, type SopDefinition } from '../domain/sop/sop-definition.ts';
import { loadPreset } from '../domain/sop/sop-test-fixtures.ts';
import { loadDocumentFonts } from './document-fonts.ts';
import { renderReplyCardPdf } from './reply-card-pdf.ts';

// The printed card: one A4 page per SOP, its text readable back out of the PDF.

const fonts = loadDocumentFonts(TEMPLATES_DIR);

function render(sop: SopDefinition): Promise<Uint8Array> {
  const card = buildReplyCard({
    sop,
    office: { name: 'Diskominfo Kabupaten Contoh', address: 'pengaduan@contoh.go.id' },
    replies: { tokenDays: 30, senderCheck: 'dmarc' },
  });
  return renderReplyCardPdf(card, fonts, new Date('2026-11-30T02:00:00Z'));
}

async function textOf(pdf: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('renderReplyCardPdf', () => {
  it.each(SOP_PRESET_NAMES)(
    'prints the %s card on one A4 page with every command of the SOP',
    async (name) => {
      const sop = loadPreset(name);
      const pdf = await render(sop);
      const document = await PDFDocument.load(pdf);
      expect(document.getPageCount()).toBe(1);
      expect(document.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
      const text = await textOf(pdf);
      expect(text).toContain(REPLY_CARD_TITLE);
      for (const step of sop.steps) {
        expect(text).toContain(`${step.no}. ${step.name}`);
        for (const action of actionNamesOf(step)) expect(text).toContain(SOP_ACTIONS[action].command);
      }
      for (const always of ['DELEGASI', 'STATUS', 'DMARC']) expect(text).toContain(always);
    },
  );

  it('refuses an SOP too long for one page rather than printing a second', async () => {
    const sop = loadPreset('balangan');
    const steps = Array.from({ length: 8 }, (_, n) =>
      sop.steps.map((step) => ({ ...step, id: `${step.id}_${n}`, no: step.no + n * 100 })),
    ).flat();
    await expect(render({ ...sop, steps })).rejects.toThrow(/does not fit on one page/);
  });
});
