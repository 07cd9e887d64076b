import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load-config.ts';
import { SopFileError } from '../config/load-sop.ts';
import { registerComplaintCommands } from './commands/complaint.ts';
import { registerConfigCommands } from './commands/config.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerDocumentCommands } from './commands/documents.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerIngestCommand } from './commands/ingest.ts';
import { registerJobsCommand } from './commands/jobs.ts';
import { registerPeopleCommands } from './commands/people.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerSopCommands } from './commands/sop.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerUndeliverableCommands } from './commands/undeliverable.ts';
import { UsageError } from './usage-error.ts';

const program = new Command()
  .name('aduan')
  .description('Kotak Aduan: the complaint desk (pengaduan dan aspirasi masyarakat) run by SOP, by e-mail')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerInitCommand(program);
registerStartCommand(program);
registerDemoCommand(program);
registerDoctorCommand(program);
registerStatusCommand(program);
registerComplaintCommands(program);
registerIngestCommand(program);
registerImportCommand(program);
registerSopCommands(program);
registerPeopleCommands(program);
registerUndeliverableCommands(program);
registerDocumentCommands(program);
registerJobsCommand(program);
registerReportCommand(program);
registerDbCommands(program);
registerConfigCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof SopFileError) {
    console.error(error.message);
    return 2;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}
