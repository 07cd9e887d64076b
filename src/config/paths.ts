import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root (where templates/ and prisma/ live), wherever it is run from. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
