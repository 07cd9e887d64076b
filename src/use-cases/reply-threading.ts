import type { InboundMessage } from '../mail/parse/inbound-message.ts';

/** In-Reply-To and References for our answer to a message, so every client threads it under it. */
export function threadedUnder(message: Pick<InboundMessage, 'messageId' | 'references'>): {
  inReplyTo: string | null;
  references: string[];
} {
  return {
    inReplyTo: message.messageId,
    references: message.messageId ? [...message.references, message.messageId] : [...message.references],
  };
}
