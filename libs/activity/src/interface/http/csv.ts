/**
 * RFC 4180 CSV for audit exports. Spreadsheets run a cell that starts with = + - @ (or a tab
 * or carriage return) as a formula, so such cells get a leading apostrophe (OWASP's advice for
 * CSV injection): a logged value can never execute on the auditor's machine.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: Array<string | number | boolean | null>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
