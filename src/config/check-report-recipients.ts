import type { SopDefinition } from '../domain/sop/sop-definition.ts';
import type { AduanConfig } from './config-schema.ts';
import { ConfigError } from './load-config.ts';

/**
 * A report recipient is an address or a role of the SOP: a typo would send the report to nobody,
 * so it stops the start (and `aduan config check`), naming the key.
 */
export function checkReportRecipients(config: AduanConfig, sop: SopDefinition, source: string): void {
  const roles = sop.roles.map((role) => role.key);
  const problems = (['daily', 'monthly'] as const).flatMap((kind) =>
    config.reports[kind].to.flatMap((entry, n) =>
      entry.includes('@') || roles.includes(entry)
        ? []
        : [
            {
              key: `reports.${kind}.to[${n}]`,
              message: `"${entry}" is neither an e-mail address nor a role of the SOP ${sop.id}. Fix: write an address, or one of ${roles.join(', ')}.`,
            },
          ],
    ),
  );
  if (problems.length) throw new ConfigError(source, problems);
}
