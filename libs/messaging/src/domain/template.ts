import { ValidationFailedError } from '@app/kernel';

/** The merge fields a template may use, and nothing else. */
export const MERGE_FIELDS = [
  'client.firstName',
  'client.name',
  'firm.name',
  'member.firstName',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export type MergeValues = Partial<Record<MergeField, string | null>>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * The fields a template body uses, in order of first use. Throws a validation error naming an
 * unknown field or an unclosed `{{`, so a broken template is refused when it is saved.
 */
export function parseTemplateFields(body: string): MergeField[] {
  const fields: MergeField[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (!(MERGE_FIELDS as readonly string[]).includes(name)) {
      throw new ValidationFailedError([
        {
          field: 'body',
          message: `unknown merge field {{${name}}}; use one of ${MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')}`,
        },
      ]);
    }
    if (!fields.includes(name as MergeField)) fields.push(name as MergeField);
  }
  const rest = body.replace(PLACEHOLDER, '');
  if (rest.includes('{{')) {
    throw new ValidationFailedError([
      { field: 'body', message: 'a merge field opened with {{ is not closed with }}' },
    ]);
  }
  if (rest.includes('}}')) {
    throw new ValidationFailedError([
      { field: 'body', message: 'a merge field closed with }} was never opened with {{' },
    ]);
  }
  return fields;
}

export interface RenderedTemplate {
  body: string;
  missingFields: MergeField[];
}

/**
 * Fills the fields. A field without a value is reported and dropped from the text together with
 * the space before it, so "Hi {{client.firstName}}, your return is ready" renders as
 * "Hi, your return is ready" rather than leaving braces or a stray gap for the client to see.
 */
export function renderTemplate(body: string, values: MergeValues): RenderedTemplate {
  const missing: MergeField[] = [];
  const rendered = body.replace(
    /([ \t]?)\{\{\s*([^{}]*?)\s*\}\}/g,
    (_match, space: string, name: string) => {
      const value = values[name as MergeField];
      if (value === undefined || value === null || value.trim() === '') {
        if (!missing.includes(name as MergeField)) missing.push(name as MergeField);
        return '';
      }
      return `${space}${value.trim()}`;
    },
  );
  return { body: rendered.replace(/ {2,}/g, ' ').trim(), missingFields: missing };
}

const BUSINESS_SUFFIX =
  /\b(llc|l\.l\.c\.|inc|inc\.|incorporated|corp|corp\.|corporation|co|co\.|company|ltd|ltd\.|llp|lp|pc|p\.c\.|pllc|trust|partners|partnership|group|associates|holdings|foundation)$/i;

/**
 * A person's first name is the first word of the name. A business ("Okafor Landscaping LLC")
 * or a one-word name has none, since guessing would greet a company or a surname wrongly.
 */
export function firstNameOf(name: string): string | null {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return null;
  if (BUSINESS_SUFFIX.test(name.trim())) return null;
  const first = words[0].replace(/[,;:]+$/, '');
  return first.length > 0 ? first : null;
}
