import type { Person, RoleHolder, Unit } from '../../domain/directory/directory.ts';
import { UNIT_KINDS } from '../../domain/sop/sop-definition.ts';
import type { DirectoryRepository } from '../../use-cases/ports/store.ts';
import type { Person as PersonRow, RoleAssignment, Unit as UnitRow } from '../generated/sqlite/client.ts';
import { oneOf } from '../client.ts';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';

/** The directory: units by code, people by e-mail (lower case), role assignments with validity. */
export function directoryRepository(db: Db): DirectoryRepository {
  const unitId = async (code: string): Promise<string> => {
    const row = await db.unit.findUnique({ where: { code }, select: { id: true } });
    if (!row) throw new Error(`No unit with code ${code}`);
    return row.id;
  };

  return {
    async saveUnit(unit, at) {
      const row = await db.unit.findUnique({ where: { code: unit.code } });
      if (!row) {
        await db.unit.create({
          data: { id: newId(), code: unit.code, name: unit.name, kind: unit.kind, createdAt: at },
        });
        return 'created';
      }
      if (row.name === unit.name && row.kind === unit.kind) return 'unchanged';
      await db.unit.update({ where: { id: row.id }, data: { name: unit.name, kind: unit.kind } });
      return 'updated';
    },

    async savePerson(person, at) {
      const email = person.email.toLowerCase();
      const data = {
        name: person.name,
        jabatan: person.jabatan,
        nip: person.nip,
        pangkat: person.pangkat,
        unitId: person.unitCode ? await unitId(person.unitCode) : null,
      };
      const row = await db.person.findUnique({ where: { email } });
      if (!row) {
        await db.person.create({ data: { id: newId(), email, createdAt: at, ...data } });
        return 'created';
      }
      const same = (Object.keys(data) as (keyof typeof data)[]).every((key) => row[key] === data[key]);
      if (same) return 'unchanged';
      await db.person.update({ where: { id: row.id }, data });
      return 'updated';
    },

    async assignRole(assignment) {
      const person = await db.person.findUnique({ where: { email: assignment.email.toLowerCase() } });
      if (!person) throw new Error(`No person with e-mail ${assignment.email}`);
      const unit = await unitId(assignment.unitCode);
      const open = await db.roleAssignment.findFirst({
        where: {
          personId: person.id,
          roleKey: assignment.roleKey,
          unitId: unit,
          acting: assignment.acting,
          OR: [{ validUntil: null }, { validUntil: { gt: assignment.validFrom } }],
        },
      });
      if (open) return false;
      await db.roleAssignment.create({
        data: {
          id: newId(),
          roleKey: assignment.roleKey,
          personId: person.id,
          unitId: unit,
          acting: assignment.acting,
          validFrom: assignment.validFrom,
          validUntil: assignment.validUntil,
        },
      });
      return true;
    },

    async endRoles(email, at) {
      const person = await db.person.findUnique({ where: { email: email.toLowerCase() } });
      if (!person) return 0;
      const { count } = await db.roleAssignment.updateMany({
        where: { personId: person.id, OR: [{ validUntil: null }, { validUntil: { gt: at } }] },
        data: { validUntil: at },
      });
      return count;
    },

    async units() {
      const rows = await db.unit.findMany({ orderBy: { code: 'asc' } });
      return rows.map(toUnit);
    },

    async findUnit(code) {
      const row = await db.unit.findUnique({ where: { code } });
      return row ? toUnit(row) : null;
    },

    async findPerson(email) {
      const row = await db.person.findUnique({
        where: { email: email.toLowerCase() },
        include: { unit: true },
      });
      return row ? toPerson(row) : null;
    },

    async holdersOf(roleKey, unitCode, at) {
      const rows = await db.roleAssignment.findMany({
        where: { roleKey, unit: { code: unitCode }, ...validAt(at) },
        include: { person: { include: { unit: true } }, unit: true },
        orderBy: [{ validFrom: 'asc' }, { id: 'asc' }],
      });
      // The holder first, then whoever acts for them.
      return rows.map(toHolder).sort((a, b) => Number(a.acting !== null) - Number(b.acting !== null));
    },

    async roles(at) {
      const rows = await db.roleAssignment.findMany({
        where: validAt(at),
        include: { person: { include: { unit: true } }, unit: true },
        orderBy: [{ unit: { code: 'asc' } }, { roleKey: 'asc' }, { validFrom: 'asc' }],
      });
      return rows.map(toHolder);
    },
  };
}

function validAt(at: Date) {
  return { validFrom: { lte: at }, OR: [{ validUntil: null }, { validUntil: { gt: at } }] };
}

function toUnit(row: UnitRow): Unit {
  return { code: row.code, name: row.name, kind: oneOf(UNIT_KINDS, row.kind, 'unit kind') };
}

function toPerson(row: PersonRow & { unit: UnitRow | null }): Person {
  return {
    email: row.email,
    name: row.name,
    jabatan: row.jabatan,
    nip: row.nip,
    pangkat: row.pangkat,
    unitCode: row.unit?.code ?? null,
  };
}

function toHolder(
  row: RoleAssignment & { person: PersonRow & { unit: UnitRow | null }; unit: UnitRow },
): RoleHolder {
  return {
    person: toPerson(row.person),
    roleKey: row.roleKey,
    unitCode: row.unit.code,
    acting: row.acting,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
  };
}
