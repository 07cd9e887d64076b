import type { Repositories } from '../../use-cases/ports/store.ts';
import type { Db } from '../client.ts';
import type { Dialect } from '../database-url.ts';
import type { BulkReader } from '../bulk-reader.ts';
import { attachmentRepository } from './attachments.ts';
import { complaintRepository } from './complaints.ts';
import { deskFiguresRepository } from './desk-figures.ts';
import { directoryRepository } from './directory.ts';
import { documentRepository } from './documents.ts';
import { eventRepository } from './events.ts';
import { inboundRepository } from './inbound.ts';
import { jobRunRepository } from './job-runs.ts';
import { leaseRepository } from './leases.ts';
import { mailboxStateRepository } from './mailbox-state.ts';
import { outboxRepository } from './outbox.ts';
import { reportRepository } from './reports.ts';
import { replyTokenRepository } from './reply-tokens.ts';
import { sequenceRepository } from './sequences.ts';
import { taskRepository } from './tasks.ts';
import { undeliverableAddressRepository } from './undeliverable.ts';

/** Every repository bound to one client: the store's, or a transaction's. */
export function makeRepositories(db: Db, dialect: Dialect, bulk: BulkReader): Repositories {
  return {
    inbound: inboundRepository(db, dialect),
    complaints: complaintRepository(db, dialect),
    events: eventRepository(db, dialect),
    tasks: taskRepository(db, dialect),
    sequences: sequenceRepository(db),
    outbox: outboxRepository(db, dialect),
    mailboxes: mailboxStateRepository(db),
    attachments: attachmentRepository(db),
    undeliverable: undeliverableAddressRepository(db),
    directory: directoryRepository(db),
    replyTokens: replyTokenRepository(db, dialect),
    documents: documentRepository(db),
    jobRuns: jobRunRepository(db),
    leases: leaseRepository(db),
    reports: reportRepository(db, dialect, bulk),
    figures: deskFiguresRepository(db),
  };
}
