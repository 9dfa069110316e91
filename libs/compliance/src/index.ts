export * from './compliance.module';
export * from './contracts/sms-consent.contracts';
