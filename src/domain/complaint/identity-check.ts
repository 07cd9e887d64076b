import type { ComplainantIdentity } from './complaint.ts';

/**
 * Balangan step 1 "memeriksa kelengkapan identitas pengadu": what is still needed. LAPOR! asks for
 * the name as on the KTP, a NIK and a way to reach the reporter (phone or e-mail: `contact`); the
 * address is welcome but not required.
 */
export type MissingIdentity = 'name' | 'nik' | 'contact';

export function missingIdentityFields(identity: ComplainantIdentity): MissingIdentity[] {
  const missing: MissingIdentity[] = [];
  if (!identity.name) missing.push('name');
  if (!identity.nik) missing.push('nik');
  if (!identity.phone && !identity.email) missing.push('contact');
  return missing;
}

/** The fields `update` knows that `known` does not: a follow-up fills gaps, it never overwrites. */
export function newIdentityFields(
  known: ComplainantIdentity,
  update: ComplainantIdentity,
): ComplainantIdentity {
  const added: ComplainantIdentity = {};
  for (const field of ['name', 'nik', 'phone', 'email', 'address'] as const) {
    if (!known[field] && update[field]) added[field] = update[field];
  }
  return added;
}
