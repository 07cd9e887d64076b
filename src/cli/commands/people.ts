import path from 'node:path';
import type { Command } from 'commander';
import { loadDirectory } from '../../config/load-directory.ts';
import { loadSop } from '../../config/load-sop.ts';
import { importDirectory, removeFromDirectory } from '../../use-cases/import-directory.ts';
import { UsageError } from '../usage-error.ts';
import { operatorActor, withStore, type StoreOptions } from '../with-store.ts';

export function registerPeopleCommands(program: Command): void {
  const people = program
    .command('people')
    .description('The directory: units (Diskominfo, OPDs), officials and the SOP roles they hold');

  people
    .command('import')
    .description('Create or update units, people and roles from a directory file (see examples/directory/)')
    .argument('<file>', 'directory YAML file')
    .option('-c, --config <file>', 'configuration file (its SOP names the roles)')
    .option('--db <url>', 'database URL, overrides the configuration')
    .action((file: string, options: StoreOptions) =>
      withStore(options, async (store, loaded) => {
        const sop = loadSop(loaded.config.sop, loaded.baseDir);
        const directory = loadDirectory(path.resolve(file), sop, await store.repos.directory.units());
        const report = await importDirectory(directory, {
          store,
          clock: () => new Date(),
          timeZone: loaded.config.office.timeZone,
          actor: operatorActor(),
        });
        const count = (r: Record<string, number>) =>
          `${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged`;
        console.log(
          `Units: ${count(report.units)}\nPeople: ${count(report.people)}\nRoles assigned: ${report.rolesAssigned}`,
        );
      }),
    );

  people
    .command('list')
    .description('Who holds which role today, by unit')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .option('--json', 'print one JSON object per role held')
    .action((options: StoreOptions & { json?: boolean }) =>
      withStore(options, async (store) => {
        const roles = await store.repos.directory.roles(new Date());
        if (options.json) {
          for (const r of roles) console.log(JSON.stringify(r));
          return;
        }
        if (!roles.length) return console.log('The directory is empty: aduan people import <file>.');
        for (const r of roles) {
          const acting = r.acting ? `${r.acting} ` : '';
          console.log(
            `${r.unitCode.padEnd(12)} ${r.roleKey.padEnd(16)} ${acting}${r.person.name} <${r.person.email}>`,
          );
        }
      }),
    );

  people
    .command('remove')
    .description('End every role a person holds (moved, retired); their history stays')
    .argument('<email>', 'the person’s e-mail address')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .action((email: string, options: StoreOptions) =>
      withStore(options, async (store) => {
        const ended = await removeFromDirectory(email, {
          store,
          clock: () => new Date(),
          actor: operatorActor(),
        });
        if (!ended) throw new UsageError(`${email} holds no role (see: aduan people list)`);
        console.log(`${email}: ${ended} role(s) ended.`);
      }),
    );
}
