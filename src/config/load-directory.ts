import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { UNIT_CODE, type Unit } from '../domain/directory/directory.ts';
import { UNIT_KINDS, type SopDefinition } from '../domain/sop/sop-definition.ts';
import type { DirectoryImport } from '../use-cases/import-directory.ts';
import { ConfigError, type ConfigProblem } from './load-config.ts';

/**
 * The directory file `aduan people import` reads: units, the people in them and their SOP roles.
 *
 *   units:
 *     - { code: diskominfo, name: Dinas Kominfo Kabupaten Balangan, kind: diskominfo }
 *     - { code: pupr, name: Dinas PUPR, kind: opd }
 *   people:
 *     - email: kabid.ikp@balangankab.go.id
 *       name: Hj. Siti Rahmah, S.Sos
 *       jabatan: Kepala Bidang Informasi dan Komunikasi Publik
 *       unit: diskominfo
 *       roles: [kabid_ikp]                       # held in the person's unit
 *     - email: sekretaris@balangankab.go.id
 *       name: Drs. Ahmad Yani
 *       unit: diskominfo
 *       roles: [{ role: kadis, acting: Plt, until: 2026-12-31 }]
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date as YYYY-MM-DD');

const roleEntry = z.union([
  z.string().min(1),
  z.strictObject({
    role: z.string().min(1),
    unit: z.string().optional(),
    acting: z.enum(['Plt', 'Plh']).optional(),
    from: day.optional(),
    until: day.optional(),
  }),
]);

const directorySchema = z.strictObject({
  units: z
    .array(
      z.strictObject({
        code: z.string().regex(UNIT_CODE, 'use lower-case letters, digits and "-", e.g. "pupr"'),
        name: z.string().min(1),
        kind: z.enum(UNIT_KINDS),
      }),
    )
    .default([]),
  people: z
    .array(
      z.strictObject({
        email: z.email('use an e-mail address'),
        name: z.string().min(1),
        jabatan: z.string().optional(),
        nip: z
          .string()
          .regex(/^\d{18}$/, 'a NIP has 18 digits')
          .optional(),
        pangkat: z.string().optional(),
        unit: z.string().optional(),
        roles: z.array(roleEntry).default([]),
      }),
    )
    .default([]),
});

/** Reads and checks a directory file against the SOP in use; throws ConfigError listing every problem. */
export function loadDirectory(
  file: string,
  sop: SopDefinition,
  knownUnits: readonly Unit[] = [],
): DirectoryImport {
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (doc.errors.length) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        key: `(line ${e.linePos?.[0]?.line ?? '?'})`,
        message: `${e.message.split('\n')[0]} Fix: correct the YAML syntax.`,
      })),
    );
  }
  const parsed = directorySchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new ConfigError(
      file,
      parsed.error.issues.map((issue) => ({
        key: issue.path.join('.') || '(file)',
        message: `${issue.message}. Fix: see the example at the top of src/config/load-directory.ts or in examples/directory/.`,
      })),
    );
  }
  const { units, people } = parsed.data;
  const problems: ConfigProblem[] = [];
  const unitsByCode = new Map([...knownUnits, ...units].map((unit) => [unit.code, unit]));
  const rolesByKey = new Map(sop.roles.map((role) => [role.key, role]));
  const roles: DirectoryImport['roles'] = [];
  people.forEach((person, n) => {
    if (person.unit && !unitsByCode.has(person.unit)) {
      problems.push({
        key: `people.${n}.unit`,
        message: `no unit "${person.unit}". Fix: add it under units, or use one of ${[...unitsByCode.keys()].join(', ') || '(none yet)'}.`,
      });
    }
    person.roles.forEach((entry, k) => {
      const role = typeof entry === 'string' ? { role: entry } : entry;
      const key = `people.${n}.roles.${k}`;
      const unitCode = role.unit ?? person.unit;
      const sopRole = rolesByKey.get(role.role);
      if (!sopRole) {
        problems.push({
          key,
          message: `the SOP ${sop.id} has no role "${role.role}". Fix: use one of ${[...rolesByKey.keys()].join(', ')}.`,
        });
        return;
      }
      const unit = unitCode ? unitsByCode.get(unitCode) : undefined;
      if (!unit) {
        problems.push({
          key,
          message: `role ${role.role} needs a unit. Fix: give the person a unit, or the role a "unit:".`,
        });
        return;
      }
      if (unit.kind !== sopRole.unit) {
        problems.push({
          key,
          message: `${role.role} (${sopRole.title}) is a ${sopRole.unit} role, but ${unit.code} is a unit of kind ${unit.kind}. Fix: assign it in a ${sopRole.unit} unit.`,
        });
        return;
      }
      roles.push({
        email: person.email.toLowerCase(),
        roleKey: role.role,
        unitCode: unit.code,
        acting: 'acting' in role ? (role.acting ?? null) : null,
        from: 'from' in role ? (role.from ?? null) : null,
        until: 'until' in role ? (role.until ?? null) : null,
      });
    });
  });
  if (problems.length) throw new ConfigError(file, problems);
  return {
    units,
    people: people.map((p) => ({
      email: p.email.toLowerCase(),
      name: p.name,
      jabatan: p.jabatan ?? null,
      nip: p.nip ?? null,
      pangkat: p.pangkat ?? null,
      unitCode: p.unit ?? null,
    })),
    roles,
  };
}
