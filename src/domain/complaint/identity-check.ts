import type { ComplainantIdentity } from './complaint.ts';

/**
 * Balangan step 1 "memeriksa kelengkapan identitas pengadu": which identity fields are still needed.
 * LAPOR! asks for the name as on the KTP, a NIK and a way to reach the reporter (phone or e-mail);
 * the address is welcome but not required.
 */
export type IdentityField = keyof ComplainantIdentity;

export function missingIdentityFields(identity: ComplainantIdentity): IdentityField[] {
  const missing: IdentityField[] = [];
  if (!identity.name) missing.push('name');
  if (!identity.nik) missing.push('nik');
  if (!identity.phone && !identity.email) missing.push('phone');
  return missing;
}
