export * from './messaging.module';
export * from './contracts/messaging.contracts';
