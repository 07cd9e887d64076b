import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { RenderMail } from '../../use-cases/ports/mail-templates.ts';

const IDENTITY_LABELS = {
  id: {
    name: 'nama lengkap sesuai KTP',
    nik: 'NIK (16 digit)',
    phone: 'nomor telepon/HP',
    email: 'alamat email',
    address: 'alamat',
    contact: 'nomor telepon/HP atau alamat email yang dapat dihubungi',
  },
  en: {
    name: 'full name as on the ID card',
    nik: 'NIK (16 digits)',
    phone: 'phone number',
    email: 'e-mail address',
    address: 'address',
    contact: 'a phone number or e-mail address where we can reach you',
  },
} as const;

/**
 * Mail templates an office can copy and edit: templates/mail/<lang>/<name>.hbs, whose first line is
 * "Subject: …" and the rest the body. Compiled strict, so a missing field fails loudly instead of
 * leaving a blank in a letter; citizens' words only ever arrive as data, never as template source.
 */
export function createMailTemplates(templatesDir: string): RenderMail {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('identityLabel', (field: string, options: Handlebars.HelperOptions) => {
    const language = (options.data?.root?.language ?? 'id') as 'id' | 'en';
    return IDENTITY_LABELS[language][field as keyof (typeof IDENTITY_LABELS)['id']] ?? field;
  });
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('fileSize', (bytes: number, options: Handlebars.HelperOptions) =>
    formatFileSize(bytes, (options.data?.root?.language ?? 'id') as 'id' | 'en'),
  );
  const compiled = new Map<
    string,
    { subject: Handlebars.TemplateDelegate; body: Handlebars.TemplateDelegate }
  >();

  function load(name: string, language: 'id' | 'en') {
    const key = `${language}/${name}`;
    let template = compiled.get(key);
    if (!template) {
      const file = path.join(templatesDir, 'mail', language, `${name}.hbs`);
      const source = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
      const match = /^Subject:[ \t]*(.*)\n\n?([\s\S]*)$/.exec(source);
      if (!match) throw new Error(`${file}: the first line must be "Subject: …", followed by the body`);
      const options = { strict: true, noEscape: true } as const;
      template = {
        subject: handlebars.compile(match[1]!, options),
        body: handlebars.compile(match[2]!, options),
      };
      compiled.set(key, template);
    }
    return template;
  }

  return (name, language, data) => {
    const template = load(name, language);
    const context = { ...data, language };
    return {
      subject: template.subject(context).replace(/\s+/g, ' ').trim(),
      text: template.body(context).trimEnd() + '\n',
    };
  };
}

/** "512 byte", "12,7 KB", "25 MB" (Indonesian decimal comma; "12.7 KB" in English). */
export function formatFileSize(bytes: number, language: 'id' | 'en'): string {
  const units = ['KB', 'MB', 'GB'];
  if (bytes < 1024) return language === 'id' ? `${bytes} byte` : `${bytes} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
  return `${language === 'id' ? shown.replace('.', ',') : shown} ${units[unit]}`;
}
