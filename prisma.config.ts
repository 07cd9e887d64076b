/**
 * Read by the Prisma CLI only (`prisma generate`, and `prisma migrate deploy|status` where the
 * native schema engine can be downloaded). The service never reads it: it migrates itself
 * in-process (src/db/migrate.ts), and scripts/new-migration.ts creates migrations.
 *
 *   DATABASE_URL=file:./data/aduan.db npx prisma migrate status
 *   DATABASE_URL=postgresql://… npx prisma migrate deploy
 *
 * The schema (and its migrations folder beside it) follows the URL's dialect, as in the service.
 */
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL;
const dialect = url && /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';

export default defineConfig({
  schema: `prisma/${dialect}/schema.prisma`,
  migrations: { path: `prisma/${dialect}/migrations` },
  ...(url ? { datasource: { url } } : {}),
});
