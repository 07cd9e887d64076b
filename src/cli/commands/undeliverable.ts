import type { Command } from 'commander';
import { clearUndeliverableAddress } from '../../use-cases/clear-undeliverable-address.ts';
import { UsageError } from '../usage-error.ts';
import { operatorActor, withStore, type StoreOptions } from '../with-store.ts';

export function registerUndeliverableCommands(program: Command): void {
  const undeliverable = program
    .command('undeliverable')
    .description('Addresses that bounced for good: automatic mail to them is recorded, not sent');

  undeliverable
    .command('list')
    .description('List them, most recently bounced first')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .option('--json', 'print one JSON object per address')
    .action((options: StoreOptions & { json?: boolean }) =>
      withStore(options, async (store) => {
        const addresses = await store.repos.undeliverable.list(1000);
        if (options.json) {
          for (const a of addresses) console.log(JSON.stringify(a));
          return;
        }
        if (!addresses.length) return console.log('No undeliverable addresses.');
        for (const a of addresses) {
          console.log(
            `${a.address}  ${a.bounces} bounce(s), last ${a.lastBouncedAt.toISOString()}: ${a.reason}`,
          );
        }
      }),
    );

  undeliverable
    .command('clear')
    .description('Send to the address again (the citizen fixed their mailbox); recorded in the audit trail')
    .argument('<address>', 'the e-mail address')
    .option('-c, --config <file>', 'configuration file')
    .option('--db <url>', 'database URL, overrides the configuration')
    .action((address: string, options: StoreOptions) =>
      withStore(options, async (store) => {
        const cleared = await clearUndeliverableAddress(address, {
          store,
          clock: () => new Date(),
          actor: operatorActor(),
        });
        if (!cleared) {
          throw new UsageError(`${address} is not marked undeliverable (see: aduan undeliverable list)`);
        }
        console.log(`${cleared.address} cleared: automatic mail goes to it again.`);
      }),
    );
}
