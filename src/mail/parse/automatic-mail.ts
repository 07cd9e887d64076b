import type { InboundMessage } from './inbound-message.ts';

/**
 * Mail written by a machine: out-of-office and other auto-replies, lists and bulk mail, robots.
 * Answering any of these is how mail loops start (peers.md: osTicket#1041, Zammad#1131,
 * freescout#4143), and none of them is a complaint. RFC 3834 first, then the headers real
 * autoresponders add, then the subjects they write when they add no header.
 */
const OUT_OF_OFFICE = new RegExp(
  '^\\s*(?:' +
    [
      'balasan otomatis',
      'jawaban otomatis',
      'pesan otomatis',
      'di luar kantor',
      'sedang cuti',
      'sedang tidak di kantor',
      'tidak di kantor',
      'automatic reply',
      'auto(?:matic)?[ -]?(?:reply|response)',
      'auto(?=:)',
      'out of (?:the )?office',
      'on vacation',
      'vacation reply',
      'abwesenheitsnotiz',
      'automatische antwort',
      'réponse automatique',
      'respuesta automática',
      'risposta automatica',
      'automatisch antwoord',
      'autosvar',
    ].join('|') +
    ')(?=\\s*(?:[:\\-–([]|$)|\\s+(?:sampai|hingga|s\\.?d\\.?|until|till|from|mulai|dari|tanggal|tgl)\\b)',
  'i',
);
const ROBOT = /^(?:mailer-daemon|mail-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)(?:[+-][^@]*)?@/i;

export function automaticMailReason(
  message: Pick<InboundMessage, 'from' | 'subject' | 'headers'>,
): string | null {
  const h = message.headers;
  const autoSubmitted = h['auto-submitted']?.toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no'))
    return `automatic reply (Auto-Submitted: ${autoSubmitted})`;
  if (h['x-autoreply'] !== undefined) return `automatic reply (X-Autoreply: ${h['x-autoreply']})`;
  if (h['x-autorespond'] !== undefined) return `automatic reply (X-Autorespond: ${h['x-autorespond']})`;
  const suppress = h['x-auto-response-suppress'];
  if (suppress && /\b(all|oof|autoreply)\b/i.test(suppress))
    return `automatic reply (X-Auto-Response-Suppress: ${suppress})`;
  const precedence = h['precedence']?.toLowerCase();
  if (precedence && /^(bulk|junk|list|auto_reply)$/.test(precedence))
    return `bulk or automatic mail (Precedence: ${precedence})`;
  if (h['list-id'] !== undefined) return `mailing-list mail (List-Id: ${h['list-id']})`;
  if (h['list-unsubscribe'] !== undefined) return 'bulk mail (List-Unsubscribe)';
  if (h['return-path'] !== undefined && /^<\s*>$/.test(h['return-path']))
    return 'automatic mail (null Return-Path <>)';
  const from = message.from?.address ?? '';
  if (isRobotAddress(from)) return `sent by a robot address ${from}`;
  if (OUT_OF_OFFICE.test(message.subject))
    return `out-of-office reply (subject "${message.subject.slice(0, 80)}")`;
  return null;
}

/**
 * An out-of-office notice, as opposed to other automatic mail: by its subject ("Di luar kantor",
 * "Out of Office", "Cuti"…), Exchange's OOF marker, or an auto-reply that names a return.
 */
export function isOutOfOffice(message: Pick<InboundMessage, 'subject' | 'headers'>): boolean {
  if (OUT_OF_OFFICE.test(message.subject)) return true;
  if (/\boof\b/i.test(message.headers['x-auto-response-suppress'] ?? '')) return true;
  return (message.headers['auto-submitted'] ?? '').toLowerCase() === 'auto-replied';
}

/** Addresses no person reads: mailer daemons, postmasters, no-reply senders, bounce handlers. */
export function isRobotAddress(address: string): boolean {
  return ROBOT.test(address);
}
