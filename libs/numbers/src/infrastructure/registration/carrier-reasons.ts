import { maskPhone } from '@app/kernel';
import { redactEins } from '../../domain/registration/ein';

const TEXT_KEYS = ['description', 'failure_reason', 'failureReason', 'message', 'reason', 'detail'];

/**
 * The human-readable reasons inside whatever a carrier answered (error arrays, evaluation results
 * and their invalid fields), joined into one sentence fit to show the firm: EINs and phone
 * numbers masked, repeats dropped, length bounded.
 */
export function carrierReasons(fallback: string, ...sources: unknown[]): string {
  const found: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (value.trim()) found.push(value.trim());
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (record.passed === true) return;
    for (const key of TEXT_KEYS) {
      if (typeof record[key] === 'string') {
        visit(record[key], depth + 1);
        break;
      }
    }
    visit(record.invalid, depth + 1);
  };
  for (const source of sources) visit(source, 0);
  const unique = [...new Set(found)];
  const text = unique.length > 0 ? unique.join('; ') : fallback;
  return maskPhone(redactEins(text)).slice(0, 1000);
}
