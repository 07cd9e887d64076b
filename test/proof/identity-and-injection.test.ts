/**
 * A rahasia complaint whose text is also full of Handlebars, walked by real replies through
 * Diskominfo to the OPD and its signed answer, then into the daily and monthly reports, with every
 * log line kept. The complainant's name, NIK, phone, e-mail and street appear in no mail to the OPD
 * (nor its attachments), no report, and no log line; and the citizen's "{{…}}" stays text wherever
 * it is shown — data, never a template.
 */
import type { ParsedMail } from 'mailparser';
import pino from 'pino';
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDailyReport } from '../../src/use-cases/make-daily-report.ts';
import { makeMonthlyReport } from '../../src/use-cases/make-monthly-report.ts';
import {
  composeMail,
  importSampleDirectory,
  ingest,
  outboxMails,
  recipientOf,
  replier,
} from '../support/intake.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const IDENTITY = {
  name: 'Rahmawati Kusumaningrum',
  nik: '6308014502910007',
  phone: '081349217765',
  email: 'rahma.kusuma77@gmail.com',
  street: 'Gg. Kenanga',
};
const INJECTED = '{{constructor.constructor "return process"}}';

let t: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  t = await startTestApp(
    {},
    { log: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }) },
  );
  await importSampleDirectory(t);
  await ingest(
    t,
    await composeMail({
      from: `${IDENTITY.name} <${IDENTITY.email}>`,
      subject: `[RAHASIA] Pungli di loket ${INJECTED} Kecamatan Paringin`,
      text: [
        `Nama: ${IDENTITY.name}`,
        `NIK: ${IDENTITY.nik}`,
        `HP: ${IDENTITY.phone}`,
        `Alamat: Jl. Melati ${IDENTITY.street} No. 14, Desa Lok Batu, Kecamatan Paringin`,
        '',
        'Petugas {{#each this}}{{@key}}{{/each}} meminta Rp 300.000 agar izin cepat keluar. {{> kop}} {{{lookup . "x"}}}',
      ].join('\n'),
    }),
    new Date('2026-11-23T08:00:00+08:00'),
  );
  await t.app.runDelivery();
  const reply = replier(t, { mustAccept: true });
  await reply('admin.aduan@balangankab.go.id', 'JALUR CEPAT pupr');
  await reply('aduan.pupr@balangankab.go.id', 'TERUSKAN');
  await reply('kadis.pupr@balangankab.go.id', 'TERUSKAN');
  await reply('kabid.binamarga@balangankab.go.id', `JAWAB\nPetugas telah diperiksa. ${INJECTED}`);
  await reply('kadis.pupr@balangankab.go.id', 'TTD');
});
afterAll(() => t?.dispose());

/** Everything a reader sees of a mail: subject, text, HTML, and the text of its PDFs and DOCX. */
async function readable(mail: ParsedMail): Promise<string> {
  const parts = [mail.subject ?? '', mail.text ?? '', typeof mail.html === 'string' ? mail.html : ''];
  for (const file of mail.attachments) {
    if (file.contentType === 'application/pdf') parts.push(await pdfText(file.content));
    else if (file.filename?.endsWith('.docx')) parts.push(officeText(file.content));
    else parts.push(file.content.toString('utf8'));
  }
  return parts.join('\n');
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text;
}

/** The text of an Office file's XML parts (word/ of a DOCX, xl/ of an XLSX). */
function officeText(bytes: Uint8Array, folder = 'word/'): string {
  const files = unzipSync(new Uint8Array(bytes));
  return Object.entries(files)
    .filter(([name]) => name.startsWith(folder) && name.endsWith('.xml'))
    .map(([, data]) => strFromU8(data).replace(/<[^>]+>/g, ''))
    .join('\n');
}

function expectNoIdentity(text: string, where: string): void {
  const digits = text.replace(/\D/g, '');
  expect(text, where).not.toContain(IDENTITY.name);
  expect(text, where).not.toContain('Rahmawati');
  expect(text.toLowerCase(), where).not.toContain(IDENTITY.email);
  expect(text, where).not.toContain(IDENTITY.street);
  expect(digits, where).not.toContain(IDENTITY.nik);
  expect(digits, where).not.toContain(IDENTITY.phone.slice(1)); // also as +62 81…
}

describe('a rahasia complaint, walked to the OPD’s signed answer', () => {
  it('shows the OPD no identity in any mail or attached document', async () => {
    const opd = /pupr|binamarga/;
    const toOpd = (await outboxMails(t)).filter((mail) => opd.test(recipientOf(mail)));
    expect(toOpd.length).toBeGreaterThanOrEqual(4);
    expect(toOpd.some((mail) => mail.attachments.length > 0)).toBe(true);
    for (const mail of toOpd) expectNoIdentity(await readable(mail), `${recipientOf(mail)}: ${mail.subject}`);
  });

  it('names no complainant in the daily report, the monthly recap or its register', async () => {
    t.clock.now = new Date('2026-11-24T09:00:00+08:00');
    const daily = await makeDailyReport('2026-11-24', t.app.intakeDeps);
    expectNoIdentity(await pdfText(daily.pdf), 'laporan harian');
    const monthly = await makeMonthlyReport(2026, 11, t.app.intakeDeps);
    expect(monthly.figures.register[0]?.complainant).toBe('Dirahasiakan');
    expectNoIdentity(await pdfText(monthly.pdf), 'rekap bulanan');
    expectNoIdentity(officeText(monthly.xlsx, 'xl/'), 'register XLSX');
  });

  it('writes no identity into any log line', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expectNoIdentity(line, line);
  });

  it('keeps the citizen’s Handlebars as text in the mails and documents', async () => {
    const mails = await outboxMails(t);
    const ack = mails.find((mail) => recipientOf(mail).includes(IDENTITY.email))!;
    expect(ack.subject).toContain(INJECTED);
    const toOpd = mails.filter((mail) => /pupr|binamarga/.test(recipientOf(mail)));
    expect(toOpd.some((mail) => mail.text?.includes(INJECTED))).toBe(true);
    const letters = await Promise.all(
      toOpd
        .flatMap((mail) => mail.attachments.filter((file) => file.filename?.startsWith('Surat-Tanggapan-')))
        .map((file) => pdfText(file.content)),
    );
    expect(
      letters.some((text) =>
        text.replace(/\s+/g, ' ').includes('Petugas telah diperiksa. {{constructor.constructor'),
      ),
    ).toBe(true);
  });
});
