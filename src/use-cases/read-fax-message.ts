import { faxNumberIn } from '../domain/complaint/fax-number.ts';
import { letterSubjectIn } from '../domain/complaint/read-complaint-text.ts';
import type { InboundMessage } from '../mail/parse/inbound-message.ts';
import type { IntakeDeps } from './intake-deps.ts';
import type { FaxReading } from './ports/fax-reader.ts';

/** A fax as intake registers it: who sent it, what the pages say, and whether a person must type it. */
export interface FaxIntake {
  gateway: string | null;
  /** Digits (and a leading +) as the gateway wrote them: the number the fax is answered on. */
  faxNumber: string | null;
  reading: FaxReading;
  /** The complaint's subject and body: the letter's "Perihal" and its OCR text when there are any. */
  subject: string;
  body: string;
}

/**
 * Reads a fax-gateway mail: the gateway and the sender's number (its configured pattern, else the
 * usual "Fax from …" wording), then the pages through the fax reader. OCR takes seconds, so this
 * runs before, never inside, the registration transaction (on SQLite an open transaction holds
 * the only write lock). A reader that fails is not a lost complaint: it is registered for manual
 * transcription.
 */
export async function readFaxMessage(
  message: InboundMessage,
  deps: Pick<IntakeDeps, 'faxReader' | 'recogniseFaxGateway' | 'log'>,
): Promise<FaxIntake> {
  const match = recogniseGateway(message, deps);
  const written = match?.faxNumber ?? faxNumberIn(`${message.subject}\n${message.text}`);
  let reading: FaxReading;
  try {
    reading = await deps.faxReader.read(message.attachments);
  } catch (error) {
    deps.log.warn({ err: (error as Error).message }, 'fax could not be read');
    reading = {
      archive: null,
      pages: [],
      text: null,
      confidence: null,
      needsTranscription: true,
      notes: [`the fax could not be read: ${(error as Error).message}`],
    };
  }
  const ocrText = reading.text?.trim() || null;
  return {
    gateway: match?.gateway ?? null,
    faxNumber: written ? written.replace(/[^\d+]/g, '') || null : null,
    reading,
    subject: (ocrText && letterSubjectIn(ocrText)) || message.subject,
    body: ocrText ?? message.text,
  };
}

/** The configured gateway this mail comes from, if any (a fax on the complaints mailbox, too). */
export function recogniseGateway(
  message: InboundMessage,
  deps: Pick<IntakeDeps, 'recogniseFaxGateway'>,
): ReturnType<IntakeDeps['recogniseFaxGateway']> {
  return deps.recogniseFaxGateway({
    from: message.from?.address ?? null,
    subject: message.subject,
    text: message.text,
  });
}
