import type { UnitKind } from '../sop/sop-definition.ts';

/**
 * Who acts: the units (Diskominfo and each OPD), the people in them and the SOP roles they hold.
 * An SOP role names a kind of unit ("diskominfo" or "opd"); for an "opd" role the unit is the OPD
 * the complaint is routed to.
 */
export interface Unit {
  /** Short and stable, used in commands and routing: "diskominfo", "pupr", "disdukcapil". */
  code: string;
  name: string;
  kind: UnitKind;
}

export interface Person {
  email: string;
  name: string;
  /** The position as written in letters, e.g. "Kepala Bidang Informasi dan Komunikasi Publik". */
  jabatan: string | null;
  nip: string | null;
  pangkat: string | null;
  unitCode: string | null;
}

export interface RoleHolder {
  person: Person;
  roleKey: string;
  unitCode: string;
  /** "Plt" or "Plh" when the person acts for the holder; null for the holder. */
  acting: string | null;
  validFrom: Date;
  validUntil: Date | null;
}

/** Unit codes: lower case letters, digits and hyphens, so they can be typed in a reply. */
export const UNIT_CODE = /^[a-z][a-z0-9-]{1,39}$/;
