import type { Repositories } from '../../use-cases/ports/store.ts';
import type { Db } from '../client.ts';
import { attachmentRepository } from './attachments.ts';
import { complaintRepository } from './complaints.ts';
import { eventRepository } from './events.ts';
import { inboundRepository } from './inbound.ts';
import { mailboxStateRepository } from './mailbox-state.ts';
import { outboxRepository } from './outbox.ts';
import { sequenceRepository } from './sequences.ts';
import { taskRepository } from './tasks.ts';
import { undeliverableAddressRepository } from './undeliverable.ts';

/** Every repository bound to one client: the store's, or a transaction's. */
export function makeRepositories(db: Db): Repositories {
  return {
    inbound: inboundRepository(db),
    complaints: complaintRepository(db),
    events: eventRepository(db),
    tasks: taskRepository(db),
    sequences: sequenceRepository(db),
    outbox: outboxRepository(db),
    mailboxes: mailboxStateRepository(db),
    attachments: attachmentRepository(db),
    undeliverable: undeliverableAddressRepository(db),
  };
}
