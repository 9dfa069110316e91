export * from './compliance.module';
export * from './contracts/sms-consent.contracts';
export * from './contracts/compliance.contracts';
