import type { Channel, ComplaintType } from '../../domain/complaint/complaint.ts';
import {
  REPORT_TRAIL_LINES,
  REPORTED_EVENT_TYPES,
  reportTrail,
  type ReportComplaint,
  type ReportTrail,
} from '../../domain/reports/complaint-history.ts';
import type { ReportKind, ReportRepository, StoredReport } from '../../use-cases/ports/store.ts';
import type { Report as ReportRow } from '../generated/sqlite/client.ts';
import type { Db } from '../client.ts';
import type { Dialect } from '../database-url.ts';
import type { BulkReader } from '../bulk-reader.ts';
import { newId } from '../ids.ts';
import { storeBlob } from './raw-blobs.ts';
import { raw } from '@prisma/client-runtime-utils';
import { listOf, sql } from '../sql.ts';

interface ComplaintRow {
  id: string;
  tracking_number: string;
  agenda_number: string | null;
  channel: string;
  type: string;
  category: string | null;
  subject: string;
  body: string;
  anonymous: boolean | number | bigint;
  confidential: boolean | number | bigint;
  /** ISO 8601 text (SQLite stores it so; PostgreSQL's is formatted in the query). */
  received_at: string;
  registered_at: string;
  opd_unit_code: string | null;
  complainant_name: string | null;
  /** The ReportTrail as JSON text; null without events. */
  trail: string | null;
}

/**
 * Reports read the complaints and their trails with plain SQL through a connection of their own
 * (bulk-reader.ts): a month can hold 100,000 complaints and twenty times as many events, which
 * Prisma's row mapping would spend most of the report's time on. The scope — registered before the period's end and not finished before its start —
 * excludes the complaints closed earlier through the events' (type, at) index, once.
 */
export function reportRepository(db: Db, dialect: Dialect, bulk: BulkReader): ReportRepository {
  return {
    async historiesBetween(from, to, page) {
      const types = listOf(REPORTED_EVENT_TYPES);
      // Each complaint's trail comes as one JSON text in its own row: a month of 100,000
      // complaints is 100,000 rows to read rather than two million. SQLite writes it in the flat
      // shape the replay reads (ReportTrail), picking the data apart on the reader's own thread
      // while the report replays the previous batch. PostgreSQL's JSON operators cost three times
      // the whole read, so it sends the lines whole, [at, type, data], made flat here.
      const trail =
        dialect === 'sqlite'
          ? sql`(SELECT '[' || group_concat(${raw(sqliteTrailLine())}, ',') || ']'
                FROM (
                  SELECT e.at, e.type, e.data FROM events e
                  WHERE e.complaint_id = c.id AND e.type IN ${types} AND e.at < ${to}
                  ORDER BY e.id) t)`
          : // date_part is double precision: a third cheaper than extract's numeric over two million rows.
            sql`(SELECT '[' || string_agg(
                    '[' || round(date_part('epoch', e.at) * 1000)::bigint || ',"' || e.type || '",' || e.data || ']',
                    ',' ORDER BY e.id) || ']'
                FROM events e
                WHERE e.complaint_id = c.id AND e.type IN ${types} AND e.at < ${to})`;
      // The bulk reader takes timestamps as text: PostgreSQL formats them as UTC here.
      const utc = (column: string) =>
        raw(dialect === 'sqlite' ? column : `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
      const rows = await bulk.all<ComplaintRow>(sql`
        SELECT c.id, c.tracking_number, c.agenda_number, c.channel, c.type, c.category, c.subject,
               c.body, c.anonymous, c.confidential, ${utc('c.received_at')} AS received_at,
               ${utc('c.registered_at')} AS registered_at, c.opd_unit_code,
               CASE WHEN c.anonymous OR c.confidential THEN NULL ELSE p.name END AS complainant_name,
               ${trail} AS trail
        FROM complaints c JOIN complainants p ON p.id = c.complainant_id
        WHERE c.registered_at < ${to}
          AND c.id > ${page.after ?? ''}
          AND c.id NOT IN (
            SELECT f.complaint_id FROM events f
            WHERE f.type = 'complaint.closed' AND f.at < ${from} AND f.complaint_id IS NOT NULL)
        ORDER BY c.id
        LIMIT ${page.limit}`);
      return {
        last: rows.at(-1)?.id ?? null,
        trails: (function* () {
          for (const row of rows)
            yield {
              complaint: toReportComplaint(row),
              trail: !row.trail
                ? []
                : dialect === 'sqlite'
                  ? (JSON.parse(row.trail) as ReportTrail)
                  : reportTrail(JSON.parse(row.trail) as [number, string, Record<string, unknown>][]),
            };
        })(),
      };
    },

    async save(report) {
      const data = {
        createdAt: report.createdAt,
        pdfSha256: await storeBlob(db, report.pdf),
        xlsxSha256: report.xlsx ? await storeBlob(db, report.xlsx) : null,
        summary: JSON.stringify(report.summary),
      };
      const row = await db.report.upsert({
        where: { kind_period: { kind: report.kind, period: report.period } },
        create: { id: newId(), kind: report.kind, period: report.period, ...data },
        update: data,
      });
      return toStoredReport(row);
    },
    async find(kind, period) {
      const row = await db.report.findUnique({ where: { kind_period: { kind, period } } });
      return row ? toStoredReport(row) : null;
    },
    async archiveDisposition(id, disposition) {
      await db.report.update({
        where: { id },
        data: {
          dispositionInboundId: disposition.inboundId,
          dispositionBy: disposition.by,
          dispositionAt: disposition.at,
          dispositionText: disposition.text,
        },
      });
    },
  };
}

/**
 * `at,kind,field…` for the event in `t` (at, type, data), as REPORT_TRAIL_LINES lays it out; only
 * constants reach the SQL. `->` gives a value as JSON text, quoted and escaped.
 */
function sqliteTrailLine(): string {
  const epochMs = (time: string) => `CAST(round(unixepoch(${time}, 'subsec') * 1000) AS INTEGER)`;
  const lines = REPORT_TRAIL_LINES.map(([type, fields], kind) => {
    const values = fields.map((field) =>
      field.endsWith('At')
        ? `coalesce(${epochMs(`t.data ->> '$.${field}'`)}, 'null')`
        : `coalesce(t.data -> '$.${field}', 'null')`,
    );
    return `WHEN '${type}' THEN ${[`'${kind}'`, ...values].join(` || ',' || `)}`;
  });
  return `${epochMs('t.at')} || ',' || CASE t.type ${lines.join(' ')} END`;
}

function toReportComplaint(row: ComplaintRow): ReportComplaint {
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    agendaNumber: row.agenda_number,
    channel: row.channel as Channel,
    type: row.type as ComplaintType,
    category: row.category,
    subject: row.subject,
    body: row.body,
    anonymous: Boolean(Number(row.anonymous)),
    confidential: Boolean(Number(row.confidential)),
    receivedAt: new Date(row.received_at),
    registeredAt: new Date(row.registered_at),
    opdUnitCode: row.opd_unit_code,
    complainantName: row.complainant_name,
  };
}

function toStoredReport(row: ReportRow): StoredReport {
  return {
    id: row.id,
    kind: row.kind as ReportKind,
    period: row.period,
    createdAt: row.createdAt,
    pdfSha256: row.pdfSha256,
    xlsxSha256: row.xlsxSha256,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
    disposition:
      row.dispositionInboundId && row.dispositionBy && row.dispositionAt
        ? {
            inboundId: row.dispositionInboundId,
            by: row.dispositionBy,
            at: row.dispositionAt,
            text: row.dispositionText ?? '',
          }
        : null,
  };
}
