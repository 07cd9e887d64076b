import type { Task } from '../../domain/complaint/complaint.ts';
import type { TaskRepository } from '../../use-cases/ports/store.ts';
import type { Task as TaskRow } from '../generated/sqlite/client.ts';
import { empty, raw } from '@prisma/client-runtime-utils';
import { oneOf } from '../client.ts';
import type { Db } from '../client.ts';
import type { Dialect } from '../database-url.ts';
import { inStatements, jsonRows, listOf, sql } from '../sql.ts';
import { newId } from '../ids.ts';

const STATUSES = ['open', 'done', 'cancelled'] as const satisfies readonly Task['status'][];

/** SOP tasks: one per step a role has to act on, with its due time. */
export function taskRepository(db: Db, dialect: Dialect): TaskRepository {
  const repository: TaskRepository = {
    async create(task) {
      const [created] = await repository.createMany([task]);
      return created!;
    },
    async createMany(tasks) {
      const rows = tasks.map((task): Task => ({
        ...task,
        id: newId(),
        status: 'open',
        completedAt: null,
        action: null,
      }));
      for (const piece of inStatements(rows)) {
        await db.$executeRaw(sql`
          INSERT INTO tasks (id, complaint_id, step_id, role, status, created_at, due_at)
          ${jsonRows(
            dialect,
            ['text', 'text', 'text', 'text', 'text', 'timestamp', 'timestamp'],
            piece.map((t) => [t.id, t.complaintId, t.stepId, t.role, t.status, t.createdAt, t.dueAt]),
          )}`);
      }
      return rows;
    },
    /** Open tasks, soonest due first; `dueBefore` is exclusive. */
    async listOpen(filter) {
      if (filter.complaintId !== undefined) {
        // A complaint has a handful of tasks: read them all by complaint_id and pick here. Asked for
        // "status = open ORDER BY due_at", SQLite without statistics walks tasks_status_due_at_idx
        // over every open task instead (2.4 s at 1,000,000 open tasks; bench/sla-sweep.ts).
        const rows = await db.task.findMany({ where: { complaintId: filter.complaintId } });
        return rows
          .filter(
            (row) =>
              row.status === 'open' &&
              (filter.dueBefore === undefined || row.dueAt < filter.dueBefore) &&
              (filter.stepIds === undefined || filter.stepIds.includes(row.stepId)),
          )
          .sort(byDueThenId)
          .slice(0, filter.limit)
          .map(toTask);
      }
      const rows = await db.task.findMany({
        where: {
          status: 'open',
          ...(filter.dueBefore !== undefined && { dueAt: { lt: filter.dueBefore } }),
          ...(filter.stepIds !== undefined && { stepId: { in: [...filter.stepIds] } }),
        },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: filter.limit,
      });
      return rows.map(toTask);
    },

    async listNeedingAction(now, limit) {
      const rows =
        dialect === 'sqlite'
          ? await needingActionOnSqlite(db, now, 'ahead', [], limit)
          : await db.task.findMany({
              where: {
                status: 'open',
                dueAt: { gt: now },
                OR: [{ nextActionAt: null }, { nextActionAt: { lte: now } }],
              },
              orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
              take: limit,
            });
      return rows.map((row) => ({ ...toTask(row), nextActionAt: row.nextActionAt }));
    },
    async listOverdueNeedingAction(now, exceptSteps, limit) {
      const rows =
        dialect === 'sqlite'
          ? await needingActionOnSqlite(db, now, 'overdue', exceptSteps, limit)
          : await db.task.findMany({
              where: {
                status: 'open',
                dueAt: { lte: now },
                stepId: { notIn: [...exceptSteps] },
                OR: [{ nextActionAt: null }, { nextActionAt: { lte: now } }],
              },
              orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
              take: limit,
            });
      return rows.map((row) => ({ ...toTask(row), nextActionAt: row.nextActionAt }));
    },
    async setNextActionAt(id, at) {
      await db.task.update({ where: { id }, data: { nextActionAt: at } });
    },

    async findById(id) {
      const row = await db.task.findUnique({ where: { id } });
      return row ? toTask(row) : null;
    },
    async listForComplaint(complaintId) {
      // Ids are time-ordered (UUIDv7): their order is the order the tasks were opened in.
      const rows = await db.task.findMany({ where: { complaintId }, orderBy: { id: 'asc' } });
      return rows.map(toTask);
    },
    async extend(id, dueAt) {
      await db.task.updateMany({ where: { id, status: 'open' }, data: { dueAt } });
    },
    /** Completing a task that is no longer open changes nothing and says so. */
    async complete(id, at, action) {
      const { count } = await db.task.updateMany({
        where: { id, status: 'open' },
        data: { status: 'done', completedAt: at, ...(action !== undefined && { action }) },
      });
      if (count === 0 && !(await db.task.findUnique({ where: { id }, select: { id: true } }))) {
        throw new Error(`No task with id ${id}`);
      }
      return count === 1;
    },
  };
  return repository;
}

/**
 * The SLA sweeps' question on SQLite: open tasks on one side of their due time whose next look has
 * come (next_action_at reached) or was never set, soonest due first — the same rows, in the same
 * order, as the Prisma query PostgreSQL gets. SQLite's planner takes tasks_status_due_at_idx for the
 * ORDER BY and reads every open task on that side of now (2.4 s for a sweep that finds nothing at
 * 1,000,000 open tasks; statistics from ANALYZE do not change its mind), and it does not turn
 * "IS NULL OR <=" into two ranges of tasks_status_next_action_at_idx. So the two ranges are two
 * branches of a UNION ALL, and the unary `+` on due_at (a no-op on the value) keeps due_at out of
 * index selection: a sweep reads only the tasks whose moment came, and nothing when none did.
 * The price is paid after long downtime: it reads and sorts every task whose moment came before
 * taking `limit` of them (0.6 s with 200,000 due, 2 to 3 s with all 1,000,000), once per sweep until
 * the backlog is worked off.
 */
async function needingActionOnSqlite(
  db: Db,
  now: Date,
  side: 'ahead' | 'overdue',
  exceptSteps: readonly string[],
  limit: number,
): Promise<TaskRow[]> {
  const onSide = side === 'ahead' ? sql`+due_at > ${now}` : sql`+due_at <= ${now}`;
  const steps = exceptSteps.length ? sql`AND step_id NOT IN ${listOf(exceptSteps)}` : empty;
  const columns = raw(
    'id, complaint_id, step_id, role, assignee_id, status, created_at, due_at, completed_at, action, lease_until, next_action_at',
  );
  const rows = await db.$queryRaw<SqliteTaskRow[]>(sql`
    SELECT ${columns} FROM (
      SELECT ${columns} FROM tasks WHERE status = 'open' AND next_action_at IS NULL AND ${onSide} ${steps}
      UNION ALL
      SELECT ${columns} FROM tasks WHERE status = 'open' AND next_action_at <= ${now} AND ${onSide} ${steps}
    ) AS needing
    ORDER BY +due_at, id
    LIMIT ${limit}`);
  return rows.map((row) => ({
    id: row.id,
    complaintId: row.complaint_id,
    stepId: row.step_id,
    role: row.role,
    assigneeId: row.assignee_id,
    status: row.status,
    createdAt: row.created_at,
    dueAt: row.due_at,
    completedAt: row.completed_at,
    action: row.action,
    leaseUntil: row.lease_until,
    nextActionAt: row.next_action_at,
  }));
}

/** A tasks row as $queryRaw returns it (DATETIME columns come back as Date). */
interface SqliteTaskRow {
  id: string;
  complaint_id: string;
  step_id: string;
  role: string;
  assignee_id: string | null;
  status: string;
  created_at: Date;
  due_at: Date;
  completed_at: Date | null;
  action: string | null;
  lease_until: Date | null;
  next_action_at: Date | null;
}

/** ORDER BY due_at, id as the databases sort them (ids are UUIDs: code-unit order is their order). */
function byDueThenId(a: TaskRow, b: TaskRow): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    complaintId: row.complaintId,
    stepId: row.stepId,
    role: row.role,
    status: oneOf(STATUSES, row.status, 'task status'),
    createdAt: row.createdAt,
    dueAt: row.dueAt,
    completedAt: row.completedAt,
    action: row.action,
  };
}
