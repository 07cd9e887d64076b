import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { resolveDatabaseUrl } from '../config/resolve-database-url.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { openStore } from '../db/open-store.ts';
import { createApp, type App } from '../main.ts';
import type { Store } from '../use-cases/ports/store.ts';

export interface StoreOptions {
  config?: string;
  db?: string;
}

/** Runs an operator command on the configured database (or `--db`), migrated, then closes it. */
export async function withStore(
  options: StoreOptions,
  run: (store: Store, loaded: LoadedConfig) => Promise<void>,
): Promise<void> {
  const loaded = loadConfig({ file: options.config });
  const url = resolveDatabaseUrl(loaded, options.db);
  await migrateDatabase(url);
  const store = await openStore(url);
  try {
    await run(store, loaded);
  } finally {
    await store.close();
  }
}

/** Who an operator command is recorded as, in the audit trail. */
export function operatorActor(): string {
  return `operator:${process.env.SUDO_USER ?? process.env.USER ?? 'unknown'}`;
}

/**
 * Runs an operator command on the whole set-up (`createApp`: the SOP, calendar and directory too) on
 * the configured database or `--db`, migrated, then closes it. Nothing is read from a mailbox.
 */
export async function withApp(options: StoreOptions, run: (app: App) => Promise<void>): Promise<void> {
  const loaded = loadConfig({ file: options.config });
  const url = resolveDatabaseUrl(loaded, options.db);
  const app = await createApp(
    { ...loaded, config: { ...loaded.config, database: { ...loaded.config.database, url } } },
    { migrate: true },
  );
  try {
    await run(app);
  } finally {
    await app.close();
  }
}
