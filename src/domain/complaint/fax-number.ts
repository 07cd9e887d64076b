/**
 * The sender's fax number as fax-to-e-mail gateways write it in the subject or cover text
 * ("Fax from +62 511 4123456 (2 pages)", "Faks diterima dari 0511-4127788"), digits only.
 */
export function faxNumberIn(text: string): string | null {
  const match = /(?:fax|faks|faksimile|from|dari)[^0-9+\n]{0,24}(\+?\d[\d -]{5,20}\d)/i.exec(text);
  return match?.[1]?.replace(/[^\d+]/g, '') ?? null;
}
