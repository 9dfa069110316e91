/** node-postgres's own serialisation of a query parameter (untyped in @types/pg). */
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): unknown;
}
