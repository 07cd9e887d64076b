import { describe, expect, it } from 'vitest';
import { parseSop } from './parse-sop.ts';
import { isSopPresetName, SOP_PRESET_NAMES, sopPresetPath } from './presets.ts';
import { mainPath, recurringTimeStandard, totalTimeStandard } from './sop-paths.ts';
import { loadPreset, readPresetText } from './sop-test-fixtures.ts';
import { formatTimeStandard } from './time-standard.ts';

/** [no, actor, time as written, uraian prefix] from each SOP document's table. */
type Row = [number, string, string, string];

const BALANGAN: Row[] = [
  [1, 'admin_aduan', '60 menit', 'Menerima aduan, mengidentifikasi aduan dan mendokumentasikan'],
  [2, 'kasi_kpp', '60 menit', 'Memeriksa aduan yang telah tercatat/teregister'],
  [3, 'kabid_ikp', '60 menit', 'Melaporkan aduan kepada pimpinan'],
  [4, 'kadis', '60 menit', 'Memberikan arahan kepada OPD/Instansi/BUMND terkait'],
  [5, 'admin_opd', '60 menit', 'Menerima arahan aduan dan menyampaikan kepada pimpinan OPD'],
  [6, 'kepala_opd', '60 menit', 'Mendisposisi aduan dan memberikan arahan kepada bidang terkait'],
  [7, 'sekretaris_opd', '5 hari', 'Menyusun tanggapan aduan sesuai arahan pimpinan'],
  [8, 'kepala_opd', '2 hari', 'Menyetujui dan menandatangani tanggapan aduan'],
  [9, 'admin_opd', '60 menit', 'Mengirimkan tanggapan aduan ke Dinas Komnfo'],
  [10, 'kadis', '30 menit', 'Menerima tanggapan aduan dari SKPD dan mendisposisi'],
  [11, 'admin_aduan', '60 menit', 'Menanggapi aduan dan mendokumentasikan tanggapan aduan'],
];

const KARANGANYAR: Row[] = [
  [1, 'admin_kabupaten', '60 menit', 'Menerima aspirasi/aduan dari warga'],
  [2, 'grup_aduan', '60 menit', 'Meneruskan aduan ke grup aduan'],
  [
    3,
    'admin_kabupaten',
    '60 menit',
    'Meneruskan aduan ke Admin OPD terkait, apabila aduan di grup tidak segera',
  ],
  [4, 'admin_opd', '3 hari', 'Menyampaikan tanggapan / balasan kepada pihak yang menyampaikan aduan/warga'],
  [5, 'admin_kabupaten', '30 menit', 'Mencatat aduan dan tanggapannya sebagai bahan laporan dan evaluasi'],
];

const KALTIM: Row[] = [
  [1, 'pelapor', '15 Menit', 'Melakukan registrasi layanan Aspirasi'],
  [2, 'operator', '10 Menit', 'Menerima input pengaduan'],
  [3, 'tim_diskominfo', '120 menit', 'Mengklasifikasi Aspirasi dan informasi atau bukan'],
  [4, 'tim_opd', '2 hari', 'Menerima Aspirasi/informasi yang diterima dan melakukan proses tanggapan'],
  [5, 'tim_diskominfo', '10 Menit', 'menerima Tanggapan atas Aspirasi yang diberikan'],
  [6, 'operator', '30 Menit', 'Menginput tanggapan atas Aspirasi yang diminta'],
  [7, 'pelapor', '5 Menit', 'Proses Aspirasi/Informasi terjawab'],
];

describe.each([
  ['balangan', BALANGAN, 'Asia/Makassar'],
  ['karanganyar', KARANGANYAR, 'Asia/Jakarta'],
  ['kaltim', KALTIM, 'Asia/Makassar'],
] as const)('preset %s', (name, rows, timeZone) => {
  it('parses and passes every check', () => {
    const result = parseSop(readPresetText(name), `${name}.yaml`);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('has the steps of the SOP document, in order, with their actors and time standards', () => {
    const sop = loadPreset(name);
    expect(sop.steps.map((s) => [s.no, s.actor, s.timeText])).toEqual(
      rows.map(([no, actor, time]) => [no, actor, time]),
    );
    sop.steps.forEach((step, i) => expect(step.uraian.startsWith(rows[i]?.[3] ?? '?')).toBe(true));
    expect(sop.timeZone).toBe(timeZone);
  });

  it('walks its main path through every step in document order', () => {
    const sop = loadPreset(name);
    expect(mainPath(sop).steps.map((s) => s.no)).toEqual(rows.map(([no]) => no));
  });
});

describe('totals', () => {
  it('Balangan adds up to its own "7 hari 8 jam 30 menit"', () => {
    const sop = loadPreset('balangan');
    expect(formatTimeStandard(totalTimeStandard(sop))).toBe('7 hari 8 jam 30 menit');
    expect(sop.statedTotal).toEqual(totalTimeStandard(sop));
  });

  it('Karanganyar: 3 hari 3 jam 30 menit per complaint, the monthly duties apart', () => {
    const sop = loadPreset('karanganyar');
    expect(formatTimeStandard(totalTimeStandard(sop))).toBe('3 hari 3 jam 30 menit');
    expect(sop.recurring.map((d) => [d.no, d.schedule, d.timeText])).toEqual([
      [6, 'bulanan', '30 menit'],
      [7, 'bulanan', '15 menit'],
    ]);
    expect(formatTimeStandard(recurringTimeStandard(sop))).toBe('45 menit');
    expect(sop.statedTotal).toBeUndefined();
  });

  it('Kaltim states "2 hari" while its steps add up to more', () => {
    const sop = loadPreset('kaltim');
    expect(sop.statedTotal && formatTimeStandard(sop.statedTotal)).toBe('2 hari');
    expect(formatTimeStandard(totalTimeStandard(sop))).toBe('2 hari 3 jam 10 menit');
  });
});

describe('what the presets declare', () => {
  it('Balangan: fast lane, identity check, documents, extension and escalation chain', () => {
    const sop = loadPreset('balangan');
    const [first] = sop.steps;
    expect(first?.checks).toEqual(['identitas_lengkap']);
    expect(first?.actions.jalur_cepat?.to).toBe('penerimaan_opd');
    const documents = sop.steps.flatMap((s) =>
      Object.values(s.actions).flatMap((a) => (a.produces ? [[s.no, a.produces]] : [])),
    );
    expect(documents).toEqual([
      [4, 'lembar_disposisi'],
      [6, 'lembar_disposisi'],
      [8, 'surat_tanggapan'],
      [10, 'lembar_disposisi'],
    ]);
    expect(sop.steps[6]?.actions.perpanjang?.extendTo).toEqual({ days: 14, minutes: 0 });
    const supervisor = (key: string) => sop.roles.find((r) => r.key === key)?.supervisor;
    expect([
      supervisor('admin_aduan'),
      supervisor('kasi_kpp'),
      supervisor('kabid_ikp'),
      supervisor('kadis'),
    ]).toEqual(['kasi_kpp', 'kabid_ikp', 'kadis', undefined]);
    expect(supervisor('admin_opd')).toBe('kepala_opd');
  });

  it('lists the three presets by name and file', () => {
    expect(SOP_PRESET_NAMES).toEqual(['balangan', 'karanganyar', 'kaltim']);
    expect(sopPresetPath('kaltim')).toBe('templates/sop/kaltim.yaml');
    expect(isSopPresetName('kaltim')).toBe(true);
    expect(isSopPresetName('../etc/passwd')).toBe(false);
  });
});
