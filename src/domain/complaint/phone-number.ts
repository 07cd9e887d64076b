/**
 * Indonesian phone numbers as citizens write them — 0812-5134-7782, +62 812 5134 7782, 62812…,
 * (0511) 4123456, 0511-4127788 — stored one way: +62 and the national number without its 0.
 */
export function normalisePhone(written: string): string | undefined {
  const digits = written.replace(/\D/g, '');
  const international = written.trim().startsWith('+');
  let national: string;
  if (digits.startsWith('62')) national = digits.slice(2);
  else if (digits.startsWith('0') && !international) national = digits.slice(1);
  else if (international) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined;
  else return undefined;
  // Mobile numbers have 9-12 digits after the 0, landlines an area code of 2-3 digits and 5-8 more.
  if (national.startsWith('0') || national.length < 7 || national.length > 12) return undefined;
  return `+62${national}`;
}

/**
 * An Indonesian mobile number written anywhere in a text (no label needed: 08…, +628…, 628…).
 * Landlines are only taken after a label, as numbers of that shape are common in complaints
 * (customer numbers, amounts).
 */
export function mobileNumberIn(text: string): string | undefined {
  const match = /(?<![\d+])(\+62[ -]?|62|0)8\d{1,3}[ .-]?\d{3,4}[ .-]?\d{3,5}(?![\d])/.exec(text);
  return match ? normalisePhone(match[0]) : undefined;
}
