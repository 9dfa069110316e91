export * from './numbers.module';
export * from './contracts/numbers.contracts';
export * from './contracts/registration.contracts';
