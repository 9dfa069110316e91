/** The IRS writes an Employer Identification Number as two digits, a hyphen and seven digits. */
export const EIN_FORMAT = /^\d{2}-\d{7}$/;

/** Prefixes the IRS has never assigned; carriers' identity checks reject EINs that use them. */
const UNASSIGNED_PREFIXES = new Set([
  '00',
  '07',
  '08',
  '09',
  '17',
  '18',
  '19',
  '28',
  '29',
  '49',
  '69',
  '70',
  '78',
  '79',
  '89',
  '96',
  '97',
]);

/** Why `ein` cannot be an EIN, or null when it can. Never quotes the value. */
export function einProblem(ein: string): string | null {
  if (!EIN_FORMAT.test(ein))
    return 'ein must be written NN-NNNNNNN: two digits, a hyphen and seven digits';
  if (UNASSIGNED_PREFIXES.has(ein.slice(0, 2))) {
    return 'ein is not a valid EIN: the IRS never assigns its first two digits';
  }
  return null;
}

/** The only form of an EIN that leaves the server: `**-***6789`. */
export function maskEin(last4: string): string {
  return `**-***${last4}`;
}

export function einLast4(ein: string): string {
  return ein.replace(/\D/g, '').slice(-4);
}

/**
 * Carriers sometimes quote submitted values in their error messages; anything shaped like an
 * EIN (with or without its hyphen) is masked before such a message is stored, shown or logged.
 */
export function redactEins(text: string): string {
  return text.replace(/(?<!\d)\d{2}-?\d{3}(\d{4})(?!\d)/g, (_match, last4: string) =>
    maskEin(last4),
  );
}
