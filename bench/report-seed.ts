/** The recap benchmark's data: complaints and their trails as the service writes them, seeded with plain SQL. */
import Database from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import path from 'node:path';
import { trackingSequenceName } from '../src/domain/complaint/tracking-number.ts';
import { parseConfig } from '../src/config/load-config.ts';
import { loadDirectory } from '../src/config/load-directory.ts';
import { createApp, type App } from '../src/main.ts';
import { importDirectory } from '../src/use-cases/import-directory.ts';
import { BALANGAN_OFFICE } from '../test/support/office.ts';

export const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS ?? 100_000);

const SUBJECTS = [
  ['Jalan berlubang di Desa Sukamaju, Kecamatan Paringin', 'Infrastruktur'],
  ['Sampah menumpuk di Kelurahan Paringin Kota', 'Lingkungan Hidup'],
  ['Lampu jalan mati di Desa Batu Piring, Kecamatan Paringin Selatan', 'Perhubungan'],
  ['KTP-el belum jadi setelah tiga bulan, Kecamatan Juai', 'Administrasi Kependudukan'],
  ['Banjir setiap hujan di Desa Lampihong, Kecamatan Lampihong', 'Kebencanaan'],
  ['Guru jarang masuk di SD Desa Halong, Kecamatan Halong', 'Pendidikan'],
  ['Air PDAM keruh di Kecamatan Awayan', 'Air Bersih'],
  ['Antrean panjang di Puskesmas Batumandi', 'Kesehatan'],
] as const;

export interface Rows {
  complainants: unknown[][];
  complaints: unknown[][];
  events: unknown[][];
  /** Where the tracking numbers the seed used end, so that new complaints number on from there. */
  sequences: unknown[][];
}

/**
 * COMPLAINTS complaints and their trails, as the service would have written them, registered over
 * the `months` months that end with October 2026 (the month reported on).
 */
export function complaintsOver(app: App, months: number): Rows {
  const steps = app.sop.steps;
  const { calendar } = app;
  const rows: Rows = { complainants: [], complaints: [], events: [], sequences: [] };
  const year = 2026;
  const start = Date.UTC(2026, 10 - months, 1, 0, 0) - 8 * 3_600_000;
  const span = (months * 30.4 - 3) * 86_400_000;
  for (let i = 0; i < COMPLAINTS; i++) {
    const id = `c${String(i).padStart(7, '0')}`;
    // Roads and rubbish come most often, as in the offices' own recaps; a slow week mid-month.
    const [subject, category] = SUBJECTS[[0, 0, 0, 1, 1, 2, 3, 3, 4, 5, 6, 7, 0, 1][i % 14]!]!;
    const share = i / COMPLAINTS;
    const received = calendar.nextWorkingInstant(
      new Date(start + Math.floor(Math.min(0.999, Math.max(0, share + 0.01 * Math.sin(share * 60))) * span)),
    );
    const anonymous = i % 50 === 0;
    const confidential = i % 70 === 0;
    rows.complainants.push([`p${id}`, `Warga ${i}`, `warga${i}@gmail.com`, received]);
    const reached = i % 20 < 17 ? steps.length : 1 + (i % steps.length);
    let at = received;
    rows.events.push([
      id,
      at,
      'system',
      'complaint.registered',
      JSON.stringify({ channel: 'email', category }),
    ]);
    for (let s = 0; s < reached; s++) {
      const step = steps[s]!;
      const taskId = `t${id}-${s}`;
      const due = calendar.add(at, step.time);
      if (step.actor.includes('opd') && s > 0 && !steps[s - 1]!.actor.includes('opd'))
        rows.events.push([id, at, 'system', 'complaint.unit_assigned', JSON.stringify({ unitCode: 'pupr' })]);
      rows.events.push([
        id,
        at,
        'system',
        'task.opened',
        JSON.stringify({ taskId, stepId: step.id, role: step.actor, dueAt: due.toISOString() }),
      ]);
      if (s === reached - 1 && reached < steps.length) break;
      // Most steps in time, one in seven late.
      // Most steps in time; the OPD's drafting (step 7) runs late more often than the rest.
      const late = s === 6 ? i % 3 === 0 : i % 9 === s % 9;
      const took = (due.getTime() - at.getTime()) * (late ? 1.4 : 0.3 + (i % 5) / 10);
      at = new Date(at.getTime() + took);
      rows.events.push([
        id,
        at,
        'official@balangankab.go.id',
        'task.completed',
        JSON.stringify({ taskId, action: 'teruskan' }),
      ]);
    }
    const finished = reached === steps.length;
    if (finished)
      rows.events.push([id, at, 'system', 'complaint.closed', JSON.stringify({ outcome: 'dijawab' })]);
    rows.complaints.push([
      id,
      `ADU-${year}-${String(i + 1).padStart(6, '0')}`,
      'email',
      i % 9 === 0 ? 'aspirasi' : 'pengaduan',
      category,
      subject,
      `${subject}. Mohon segera ditindaklanjuti.`,
      finished ? 'closed' : 'in_progress',
      anonymous,
      confidential,
      'balangan',
      finished ? null : steps[reached - 1]!.id,
      received,
      received,
      `p${id}`,
      `m${id}`,
      reached > 4 ? 'pupr' : null,
    ]);
  }
  rows.sequences.push([
    trackingSequenceName(app.config.trackingNumber.pattern, { year, month: 1 }),
    COMPLAINTS,
  ]);
  return rows;
}

const COMPLAINT_COLUMNS =
  'id, tracking_number, channel, type, category, subject, body, status, anonymous, confidential, sop_id, current_step_id, received_at, registered_at, complainant_id, source_message_id, opd_unit_code';

export function seedSqlite(file: string, rows: Rows): void {
  const db = new Database(file);
  const iso = (value: unknown) =>
    value instanceof Date ? value.toISOString().replace('Z', '+00:00') : value;
  const bool = (value: unknown) => (typeof value === 'boolean' ? Number(value) : value);
  db.transaction(() => {
    const person = db.prepare('INSERT INTO complainants (id, name, email, created_at) VALUES (?, ?, ?, ?)');
    for (const row of rows.complainants) person.run(...row.map(iso));
    const complaint = db.prepare(
      `INSERT INTO complaints (${COMPLAINT_COLUMNS}) VALUES (${Array(17).fill('?').join(', ')})`,
    );
    for (const row of rows.complaints) complaint.run(...row.map(iso).map(bool));
    const event = db.prepare(
      'INSERT INTO events (complaint_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?)',
    );
    for (const row of rows.events) event.run(...row.map(iso));
    const sequence = db.prepare('INSERT INTO number_sequences (name, value) VALUES (?, ?)');
    for (const row of rows.sequences) sequence.run(...row);
  })();
  db.close();
}

export async function seedPostgres(url: string, rows: Rows): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const columnsOf = (list: unknown[][], n: number) =>
    Array.from({ length: n }, (_, c) =>
      list.map((row) => (row[c] instanceof Date ? (row[c] as Date).toISOString() : row[c])),
    );
  const batches = async (list: unknown[][], insert: (part: unknown[][]) => Promise<unknown>) => {
    for (let at = 0; at < list.length; at += 20_000) await insert(list.slice(at, at + 20_000));
  };
  await client.query('BEGIN');
  await batches(rows.complainants, (part) =>
    client.query(
      'INSERT INTO complainants (id, name, email, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp[])',
      columnsOf(part, 4),
    ),
  );
  await batches(rows.complaints, (part) =>
    client.query(
      `INSERT INTO complaints (${COMPLAINT_COLUMNS}) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::boolean[], $11::text[], $12::text[], $13::timestamp[], $14::timestamp[], $15::text[], $16::text[], $17::text[])`,
      columnsOf(part, 17),
    ),
  );
  await batches(rows.events, (part) =>
    client.query(
      'INSERT INTO events (complaint_id, at, actor, type, data) SELECT * FROM unnest($1::text[], $2::timestamp[], $3::text[], $4::text[], $5::text[])',
      columnsOf(part, 5),
    ),
  );
  for (const [name, value] of rows.sequences)
    await client.query('INSERT INTO number_sequences (name, value) VALUES ($1, $2)', [name, value]);
  await client.query('COMMIT');
  await client.query('ANALYZE');
  await client.end();
}

export async function openApp(dir: string, url: string): Promise<App> {
  const config = parseConfig({
    ...BALANGAN_OFFICE,
    office: {
      ...BALANGAN_OFFICE.office,
      kop: {
        pemerintah: 'Pemerintah Kabupaten Balangan',
        instansi: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
        alamat: 'Jl. A. Yani Km 1,5 Paringin 71662',
        telepon: '(0526) 2028060',
        email: 'diskominfo@balangankab.go.id',
      },
    },
    database: { url },
    dataDir: dir,
    delivery: { type: 'maildir', path: `${dir}/outbox` },
  });
  return createApp({ config, file: null, baseDir: dir }, { migrate: true, log: pino({ level: 'error' }) });
}

export async function importSample(app: App): Promise<void> {
  const file = path.resolve(import.meta.dirname, '../examples/directory/balangan.yaml');
  await importDirectory(loadDirectory(file, app.sop), {
    store: app.store,
    clock: () => new Date(),
    timeZone: app.config.office.timeZone,
    actor: 'bench',
  });
}
