export * from './domain-error';
export * from './phone-number';
export * from './clock';
export * from './ids';
export * from './carrier-errors';
export * from './bounded-map';
