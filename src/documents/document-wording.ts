import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { DocumentWording } from '../use-cases/ports/document-renderer.ts';

/**
 * The documents' words from templates/documents/<lang>/*.hbs, which an office copies and edits:
 * Handlebars (strict, so a misspelt field fails loudly) split into `[section]`s. Citizens' words only
 * ever arrive as data.
 */
export function createDocumentWording(templatesDir: string): DocumentWording {
  const handlebars = Handlebars.create();
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const sections = (name: string, language: 'id' | 'en', data: object) => {
    const file = path.join(templatesDir, 'documents', language, `${name}.hbs`);
    let template = compiled.get(file);
    if (!template) {
      template = handlebars.compile(readFileSync(file, 'utf8').replace(/\r\n/g, '\n'), {
        strict: true,
        noEscape: true,
      });
      compiled.set(file, template);
    }
    return readSections(template(data), file);
  };

  return {
    disposition(language) {
      const s = sections('lembar-disposisi', language, {});
      return {
        title: s.one('judul'),
        instructions: s.lines('instruksi'),
        labels: {
          number: s.one('label.nomor'),
          agenda: s.one('label.agenda'),
          received: s.one('label.diterima'),
          from: s.one('label.dari'),
          letterNumber: s.one('label.nomor_surat'),
          letterDate: s.one('label.tanggal_surat'),
          subject: s.one('label.perihal'),
          sifat: s.one('label.sifat'),
          recipients: s.one('label.diteruskan'),
          instructions: s.one('label.instruksi'),
          note: s.one('label.catatan'),
          paraf: s.one('label.paraf'),
        },
      };
    },
    responseLetter(language, data) {
      const s = sections('surat-tanggapan', language, data);
      return {
        opening: s.one('pembuka'),
        closing: s.one('penutup'),
        hal: s.one('hal'),
        addresseeTail: s.lines('tujuan'),
        draftMark: s.one('konsep'),
        numberPending: s.one('nomor_menunggu'),
        signedStatement: s.one('pernyataan_ttd'),
        labels: {
          number: s.one('label.nomor'),
          sifat: s.one('label.sifat'),
          attachments: s.one('label.lampiran'),
          hal: s.one('label.hal'),
          tembusan: s.one('label.tembusan'),
        },
      };
    },
  };
}

function readSections(rendered: string, file: string) {
  const found = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of rendered.split('\n')) {
    const header = /^\[([a-z_.]+)\]\s*$/.exec(line.trim());
    if (header) {
      current = [];
      found.set(header[1]!, current);
    } else if (current) {
      current.push(line);
    }
  }
  const get = (name: string) => {
    const lines = found.get(name);
    if (!lines)
      throw new Error(`${file}: the section [${name}] is missing; copy it from the shipped template`);
    return lines;
  };
  return {
    lines: (name: string) =>
      get(name)
        .map((line) => line.trim())
        .filter(Boolean),
    /** The section's lines joined into one line or paragraph. */
    one: (name: string) =>
      get(name)
        .map((line) => line.trim())
        .filter(Boolean)
        .join(' '),
  };
}
