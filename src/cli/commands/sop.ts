import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { loadSop, resolveSopFile } from '../../config/load-sop.ts';
import { TEMPLATES_DIR } from '../../config/paths.ts';
import { HOLIDAYS_2026 } from '../../domain/calendar/holidays-2026.ts';
import { createWorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { isValidTimeZone } from '../../domain/calendar/zoned-time.ts';
import { parseSop } from '../../domain/sop/parse-sop.ts';
import { buildReplyCard, replyCardMarkdown } from '../../domain/sop/reply-card.ts';
import { simulateSop } from '../../domain/sop/simulate.ts';
import { formatSopProblems } from '../../domain/sop/sop-problem.ts';
import { totalTimeStandard } from '../../domain/sop/sop-paths.ts';
import { formatTimeStandard } from '../../domain/sop/time-standard.ts';
import { loadDocumentFonts } from '../../documents/document-fonts.ts';
import { parseStartInstant } from '../format/parse-start-instant.ts';
import { describeSop, printSop } from '../format/print-sop.ts';
import { printSimulation, simulationAsJson } from '../format/print-simulation.ts';
import { UsageError } from '../usage-error.ts';

const ZONE_ALIASES: Record<string, string> = {
  WIB: 'Asia/Jakarta',
  WITA: 'Asia/Makassar',
  WIT: 'Asia/Jayapura',
};

export function registerSopCommands(program: Command): void {
  const sop = program
    .command('sop')
    .description('Show, simulate and check SOPs (presets: balangan, karanganyar, kaltim)');

  sop
    .command('show')
    .description(
      "Print the SOP's steps: who acts, what they receive and produce, the time standard, the total",
    )
    .argument('<sop>', 'a preset name or the path of an SOP YAML file')
    .option('--json', 'print the same as data')
    .action((name: string, options: { json?: boolean }) => {
      const definition = loadSop(name);
      if (options.json) console.log(JSON.stringify(describeSop(definition), null, 2));
      else printSop(definition);
    });

  sop
    .command('simulate')
    .description(
      'Run one complaint through every step, each taking its full time standard, and print the due times',
    )
    .argument('<sop>', 'a preset name or the path of an SOP YAML file')
    .requiredOption(
      '--start <datetime>',
      'arrival, ISO 8601 (e.g. 2026-11-20T17:00:00+08:00; without an offset: local time in the zone)',
    )
    .option('--zone <zone>', "time zone (WIB, WITA, WIT or IANA); default: the SOP's own")
    .option('-c, --config <file>', 'take office hours and holidays from this configuration')
    .option('--json', 'print the same as data')
    .action((name: string, options: { start: string; zone?: string; config?: string; json?: boolean }) => {
      const definition = loadSop(name);
      const timeZone =
        ZONE_ALIASES[(options.zone ?? '').toUpperCase()] ?? options.zone ?? definition.timeZone;
      if (!isValidTimeZone(timeZone))
        throw new UsageError(
          `--zone ${options.zone}: unknown time zone. Use WIB, WITA, WIT or an IANA zone such as Asia/Makassar.`,
        );
      const { office } = loadConfig({ file: options.config }).config;
      const calendar = createWorkingCalendar({
        timeZone,
        hours: office.hours,
        holidays: [...(office.holidays ?? HOLIDAYS_2026), ...office.extraHolidays],
      });
      const arrival = parseStartInstant(options.start, timeZone);
      const simulation = simulateSop(definition, { start: arrival, calendar });
      if (options.json)
        console.log(JSON.stringify(simulationAsJson(definition, simulation, arrival, timeZone), null, 2));
      else printSimulation(definition, simulation, arrival, timeZone);
    });

  sop
    .command('check')
    .description('Validate an SOP file: unknown roles, unreachable steps, missing time standards, …')
    .argument('<file>', 'the SOP YAML file (or a preset name)')
    .action((file: string) => {
      const result = parseSop(readFileSync(resolveSopFile(file), 'utf8'), file);
      if (!result.ok) {
        console.error(`${file}: ${result.problems.length} problem(s)\n${formatSopProblems(result.problems)}`);
        process.exitCode = 1;
        return;
      }
      const { sop: checked } = result;
      console.log(
        `${file}: OK — ${checked.name}: ${checked.steps.length} langkah, total ${formatTimeStandard(totalTimeStandard(checked))}`,
      );
    });

  sop
    .command('card')
    .description(
      "Write the officials' one-page card of reply commands (Bahasa Indonesia, A4 PDF) for the configured SOP",
    )
    .option('-c, --config <file>', 'configuration file: the office, its SOP and the reply rules')
    .option('--sop <sop>', "a preset name or SOP YAML file instead of the configuration's")
    .option('--markdown', 'write the same card as Markdown, for the web')
    .requiredOption('-o, --out <file>', 'where to write it, e.g. perintah-balasan.pdf')
    .action(async (options: { config?: string; sop?: string; markdown?: boolean; out: string }) => {
      const loaded = loadConfig({ file: options.config });
      const { office, replies } = loaded.config;
      // --sop is read from here; the configuration's SOP from beside the configuration.
      const definition = options.sop ? loadSop(options.sop) : loadSop(loaded.config.sop, loaded.baseDir);
      const card = buildReplyCard({
        sop: definition,
        office: {
          name: office.name,
          address: office.address,
          telepon: office.kop.telepon,
          email: office.kop.email,
        },
        replies: { tokenDays: replies.tokenDays, senderCheck: replies.senderCheck },
      });
      if (options.markdown) {
        const note = `Dibuat dari SOP ${definition.id} oleh \`aduan sop card --markdown\`: jangan diubah manual, buat ulang dengan perintah itu.`;
        await writeFile(options.out, replyCardMarkdown(card, note));
      } else {
        await writeFile(
          options.out,
          // pdf-lib loads here, not with every `aduan` command (the service among them).
          await (
            await import('../../documents/reply-card-pdf.ts')
          ).renderReplyCardPdf(card, loadDocumentFonts(TEMPLATES_DIR), new Date()),
        );
      }
      console.log(`${options.out}: kartu perintah balasan, SOP ${definition.id}`);
    });
}
