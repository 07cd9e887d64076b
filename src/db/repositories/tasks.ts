import type { Task } from '../../domain/complaint/complaint.ts';
import type { TaskRepository } from '../../use-cases/ports/store.ts';
import type { Task as TaskRow } from '../generated/sqlite/client.ts';
import { oneOf } from '../client.ts';
import type { Db } from '../client.ts';
import type { Dialect } from '../database-url.ts';
import { inStatements, jsonRows, sql } from '../sql.ts';
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
      const rows = await db.task.findMany({
        where: {
          status: 'open',
          ...(filter.complaintId !== undefined && { complaintId: filter.complaintId }),
          ...(filter.dueBefore !== undefined && { dueAt: { lt: filter.dueBefore } }),
          ...(filter.stepIds !== undefined && { stepId: { in: [...filter.stepIds] } }),
        },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: filter.limit,
      });
      return rows.map(toTask);
    },

    async listNeedingAction(now, limit) {
      const rows = await db.task.findMany({
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
      const rows = await db.task.findMany({
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
