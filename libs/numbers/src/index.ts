export * from './numbers.module';
export * from './contracts/numbers.contracts';
