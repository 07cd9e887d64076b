import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { openStore } from '../../src/db/open-store.ts';

// The `aduan` command as a user runs it: a real process, real files, exit codes.

const BIN = path.resolve(import.meta.dirname, '../../bin/aduan.js');
const work = mkdtempSync(path.join(tmpdir(), 'aduan-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function aduan(args: string[], cwd = work): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, ADUAN_CONFIG: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Audit events of one type, read with the plain driver. */
async function auditRows(url: string, type: string): Promise<{ actor: string; data: string }[]> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(url.slice('file:'.length), { readonly: true });
  try {
    return db.prepare('SELECT actor, data FROM events WHERE type = ?').all(type) as {
      actor: string;
      data: string;
    }[];
  } finally {
    db.close();
  }
}

// Every test here starts CLI processes (~1-2 s each to load); on a busy two-core machine some
// took over 30 s.
describe('aduan CLI', { timeout: 90_000 }, () => {
  it('lists its commands, and every command has --help', async () => {
    const help = await aduan(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'start',
      'demo',
      'ingest',
      'import',
      'sop',
      'people',
      'undeliverable',
      'doc',
      'verify',
      'jobs',
      'report',
      'db',
      'config',
      'init',
      'doctor',
      'status',
      'complaint',
    ])
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    const commands = [
      ['start'],
      ['demo'],
      ['ingest'],
      ['sop', 'show'],
      ['sop', 'simulate'],
      ['sop', 'check'],
      ['people', 'import'],
      ['people', 'list'],
      ['people', 'remove'],
      ['undeliverable', 'list'],
      ['undeliverable', 'clear'],
      ['doc', 'render'],
      ['verify'],
      ['jobs'],
      ['report'],
      ['db', 'migrate'],
      ['db', 'status'],
      ['config', 'check'],
      ['init'],
      ['doctor'],
      ['status'],
      ['complaint', 'show'],
      ['sop', 'card'],
    ];
    const helps = await Promise.all(commands.map((c) => aduan([...c, '--help'])));
    helps.forEach((h, i) => {
      expect(h.code, commands[i]!.join(' ')).toBe(0);
      expect(h.stdout).toContain(`Usage: aduan ${commands[i]!.join(' ')}`);
    });
  });

  it('jobs lists each scheduled job with its schedule and next run in the office’s zone', async () => {
    const jobs = await aduan(['jobs']);
    expect(jobs.code, jobs.stderr).toBe(0);
    expect(jobs.stdout).toMatch(/^tenggat {2}\[\*\/5 \* \* \* \*\] /m);
    expect(jobs.stdout).toContain('terakhir: belum pernah');
    expect(jobs.stdout).toMatch(/berikutnya: \w+, \d+ \w+ \d{4} pukul \d\d\.\d\d WITA/);
  });

  it('config check accepts the example office configuration', async () => {
    const checked = await aduan([
      'config',
      'check',
      '-c',
      path.resolve(import.meta.dirname, '../../examples/config/balangan.yaml'),
    ]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('surat_tanggapan');
  });

  it('sop show prints the steps and the total in the SOP’s own terms, as text and as data', async () => {
    const [text, json, kaltim] = await Promise.all([
      aduan(['sop', 'show', 'balangan']),
      aduan(['sop', 'show', 'balangan', '--json']),
      aduan(['sop', 'show', 'kaltim']),
    ]);
    expect(text.stdout).toContain(
      ' 1. Menerima aduan, mengidentifikasi aduan dan mendokumentasikan atau meregister',
    );
    expect(text.stdout).toContain('Keterangan  : Memeriksa kelengkapan identitas pengadu');
    expect(text.stdout).toContain('Total waktu (jalur utama): 7 hari 8 jam 30 menit');
    const data = JSON.parse(json.stdout);
    expect(data.steps).toHaveLength(11);
    expect(data.total).toEqual({ days: 7, minutes: 510, text: '7 hari 8 jam 30 menit' });
    expect(data.steps[6]).toMatchObject({ no: 7, time: { days: 5, written: '5 hari' } });
    expect(kaltim.stdout).toContain(
      'Total menurut dokumen SOP: 2 hari (jumlah langkah: 2 hari 3 jam 10 menit)',
    );
  });

  it('sop simulate starts a Friday-evening complaint on Monday 07:30 and skips Christmas and cuti bersama', async () => {
    const [friday, christmas, text] = await Promise.all([
      aduan(['sop', 'simulate', 'balangan', '--start', '2026-11-20T17:00:00+08:00', '--json']),
      aduan(['sop', 'simulate', 'balangan', '--start', '2026-12-23T16:30', '--json']),
      aduan(['sop', 'simulate', 'karanganyar', '--start', '2026-11-20T17:00', '--zone', 'WIB']),
    ]);
    const f = JSON.parse(friday.stdout);
    expect(f.startsAt.iso).toBe('2026-11-23T07:30:00+08:00');
    expect(f.steps[0]).toMatchObject({
      no: 1,
      dueAt: { iso: '2026-11-23T08:30:00+08:00', text: 'Senin, 23 November 2026 pukul 08.30 WITA' },
    });
    expect(f.total).toBe('7 hari 8 jam 30 menit');
    const c = JSON.parse(christmas.stdout);
    expect(c.arrival.iso).toBe('2026-12-23T16:30:00+08:00');
    // Wed 23 Dec after closing; 24 Dec cuti bersama, 25 Dec Natal, then the weekend.
    expect(c.startsAt.iso).toBe('2026-12-28T07:30:00+08:00');
    expect(text.stdout).toContain(
      'Mulai dihitung  : Senin, 23 November 2026 pukul 07.30 WIB (aduan masuk di luar jam kerja)',
    );
  });

  it('sop check names each problem of a custom SOP and exits non-zero', async () => {
    const file = path.join(work, 'sop-rusak.yaml');
    writeFileSync(
      file,
      [
        'id: rusak',
        'name: SOP rusak',
        'source: uji',
        'timeZone: Asia/Makassar',
        'roles:',
        '  - { key: admin, title: Admin, unit: diskominfo }',
        'steps:',
        '  - id: terima',
        '    no: 1',
        '    name: Terima',
        '    uraian: Menerima aduan',
        '    actor: operator',
        '    time: 60 menit',
        '    actions: { teruskan: { to: jawab, label: Teruskan } }',
        '  - id: jawab',
        '    no: 2',
        '    name: Jawab',
        '    uraian: Menjawab aduan',
        '    actor: admin',
        '    actions: { jawab: { to: dijawab, label: Jawab } }',
        '  - id: yatim',
        '    no: 3',
        '    name: Tak terjangkau',
        '    uraian: Langkah yang tidak pernah dicapai',
        '    actor: admin',
        '    time: 10 menit',
        '    actions: { selesai: { to: selesai, label: Selesai } }',
        '',
      ].join('\n'),
    );
    const [bad, good] = await Promise.all([
      aduan(['sop', 'check', file]),
      aduan(['sop', 'check', 'balangan']),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/steps\[0\]\.actor: .*operator/);
    expect(bad.stderr).toMatch(/steps\[1\]\.time/);
    expect(bad.stderr).toMatch(/steps\[2\]: Step "yatim" \(no 3\) cannot be reached from the first step/);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('OK');
  });

  it('people imports the directory once, lists who holds which role, ends a role, and names each problem of a bad file', async () => {
    const db = `file:${path.join(work, 'people', 'aduan.db')}`;
    const example = path.resolve(import.meta.dirname, '../../examples/directory/balangan.yaml');
    const first = await aduan(['people', 'import', example, '--db', db]);
    expect(first.stdout).toBe(
      'Units: 4 new, 0 updated, 0 unchanged\nPeople: 10 new, 0 updated, 0 unchanged\nRoles assigned: 11\n',
    );
    const again = await aduan(['people', 'import', example, '--db', db]);
    expect(again.stdout).toContain('Roles assigned: 0');

    const list = await aduan(['people', 'list', '--db', db]);
    expect(list.stdout).toMatch(
      /^diskominfo +kabid_ikp +Hj\. Siti Rahmah, S\.Sos, M\.AP <kabid\.ikp@balangankab\.go\.id>$/m,
    );
    expect(list.stdout).toMatch(/^pupr +admin_opd +Yusuf Maulana/m);

    expect((await aduan(['people', 'remove', 'kasi.kpp@balangankab.go.id', '--db', db])).stdout).toContain(
      '1 role(s) ended',
    );
    expect((await aduan(['people', 'list', '--db', db])).stdout).not.toContain('kasi.kpp@');
    expect((await aduan(['people', 'remove', 'kasi.kpp@balangankab.go.id', '--db', db])).code).not.toBe(0);
    expect((await auditRows(db, 'directory.role_assigned')).length).toBe(11);
    expect((await auditRows(db, 'directory.roles_ended')).length).toBe(1);

    const bad = path.join(work, 'people', 'salah.yaml');
    writeFileSync(
      bad,
      'units:\n  - { code: dlh, name: Dinas Lingkungan Hidup, kind: opd }\npeople:\n  - email: ani@balangankab.go.id\n    name: Ani\n    unit: dlh\n    roles: [kasi, admin_aduan, kepala_opd]\n  - email: budi@balangankab.go.id\n    name: Budi\n    unit: dishub\n',
    );
    const refused = await aduan(['people', 'import', bad, '--db', db]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'people.0.roles.0: the SOP balangan has no role "kasi". Fix: use one of admin_aduan, kasi_kpp',
    );
    expect(refused.stderr).toContain(
      'people.0.roles.1: admin_aduan (Admin Layanan Aduan) is a diskominfo role, but dlh is a unit of kind opd',
    );
    expect(refused.stderr).toContain('people.1.unit: no unit "dishub"');
    expect((await aduan(['people', 'list', '--db', db])).stdout).not.toContain('ani@');
  });

  it('undeliverable lists addresses that bounced for good and clears one, with an audit event', async () => {
    const db = `file:${path.join(work, 'undeliverable', 'aduan.db')}`;
    await migrateDatabase(db);
    const store = await openStore(db);
    await store.repos.undeliverable.mark('Budi@Gmial.com', {
      at: new Date('2026-11-20T03:00:00Z'),
      reason: '550 5.1.1 User unknown',
      outboxId: null,
    });
    // The service keeps the database open meanwhile: the commands must not wait for it.
    const listed = await aduan(['undeliverable', 'list', '--db', db]);
    expect(listed.stdout).toContain(
      'budi@gmial.com  1 bounce(s), last 2026-11-20T03:00:00.000Z: 550 5.1.1 User unknown',
    );
    const cleared = await aduan(['undeliverable', 'clear', 'budi@gmial.com', '--db', db]);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('budi@gmial.com cleared');
    expect((await aduan(['undeliverable', 'list', '--db', db])).stdout).toContain(
      'No undeliverable addresses.',
    );
    const again = await aduan(['undeliverable', 'clear', 'budi@gmial.com', '--db', db]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('budi@gmial.com is not marked undeliverable');
    expect(await store.repos.undeliverable.find('budi@gmial.com')).toBeNull();
    await store.close();

    const rows = await auditRows(db, 'address.cleared');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ address: 'budi@gmial.com', bounces: 1 });
    expect(rows[0]!.actor).toMatch(/^operator:/);
  });

  it('db migrate applies pending migrations once; a bad config is refused by key with the fix', async () => {
    const db = `file:${path.join(work, 'migrate', 'aduan.db')}`;
    const first = await aduan(['db', 'migrate', '--db', db]);
    expect(first.stdout).toMatch(
      /Applied 10 migration\(s\):\n {2}\d{14}_init\n {2}\d{14}_intake\n {2}\d{14}_acting_by_email\n {2}\d{14}_outbox_attachments\n {2}\d{14}_documents\n {2}\d{14}_scheduler\n {2}\d{14}_reports\n {2}\d{14}_task_step_due_index\n {2}\d{14}_leases\n {2}\d{14}_outbox_claims/,
    );
    expect((await aduan(['db', 'migrate', '--db', db])).stdout).toContain('Database is up to date.');

    const configDir = mkdtempSync(path.join(work, 'config-'));
    writeFileSync(
      path.join(configDir, 'aduan.config.yaml'),
      'office:\n  timeZone: Asia/Bandung\nsop: balangan\n',
    );
    const refused = await aduan(['start', '--once'], configDir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'office.timeZone: is not valid (found "Asia/Bandung"). Fix: use WIB, WITA, WIT',
    );
    // A report recipient that is neither an address nor a role of the SOP.
    writeFileSync(
      path.join(configDir, 'aduan.config.yaml'),
      'sop: balangan\nreports:\n  daily: { to: [kadis, kepala_dinas] }\n',
    );
    const typo = await aduan(['config', 'check'], configDir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      'reports.daily.to[1]: "kepala_dinas" is neither an e-mail address nor a role of the SOP balangan. Fix: write an address, or one of admin_aduan,',
    );
  });

  it('demo runs the embedded default with no config and shows registered complaints and their acknowledgements', async () => {
    const cwd = mkdtempSync(path.join(work, 'demo-'));
    const demo = await aduan(['demo'], cwd);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('• REGISTERED ADU-2026-000001');
    expect(demo.stdout).toContain('14 pesan dikirim (tanda terima untuk pelapor, e-mail tugas untuk admin)');
    // Then one complaint travels the whole Balangan SOP on the sample officials' replies.
    expect(demo.stdout).toMatch(
      /^ {3}4\. Kepala Dinas .* <kadis\.kominfo@balangankab\.go\.id> membalas "TERUSKAN pupr" → 5\. Penerimaan di OPD$/m,
    );
    expect(demo.stdout).toMatch(
      /^ {2}11\. Admin Layanan Aduan <admin\.aduan@balangankab\.go\.id> membalas "JAWAB" → selesai$/m,
    );
    expect(demo.stdout).toMatch(
      /Jawaban dikirim kepada pelapor: \[ADU-2026-000001\] Jawaban atas pengaduan Anda/,
    );
    expect(demo.stdout).toMatch(/→ budi\.santoso\.skm@gmail\.com: \[ADU-2026-\d{6}\] Tanda terima pengaduan/);
    const again = await aduan(['demo'], cwd);
    expect(again.stdout).not.toContain('REGISTERED');
    expect(again.stdout.match(/• DUPLICATE/g)).toHaveLength(8);

    // The demo's month as a report, from the same database. The demo runs on today's date.
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const report = await aduan(['report', 'monthly', '--month', month, '--out', 'laporan'], cwd);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/masuk 7, sisa bulan lalu 0, selesai 1,/);
    expect(
      readFileSync(path.join(cwd, 'laporan', `rekap-bulanan-${month}.pdf`))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(
      readFileSync(path.join(cwd, 'laporan', `register-aduan-${month}.xlsx`))
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    // A whole year of recaps: each month that has ended, and its progress (a line, not a terminal).
    const year = await aduan(['report', 'monthly', '--year', '2025', '--out', 'tahunan'], cwd);
    expect(year.code, year.stderr).toBe(0);
    expect(year.stderr).toContain('rekap 2025: 12 month(s)');
    expect(readdirSync(path.join(cwd, 'tahunan')).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`)
        .flatMap((m) => [`register-aduan-${m}.xlsx`, `rekap-bulanan-${m}.pdf`])
        .sort(),
    );
    const wrong = await aduan(['report', 'monthly', '--month', '2026-13'], cwd);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('--month 2026-13: write the month as YYYY-MM');
  });
});
