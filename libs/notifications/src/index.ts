export * from './notifications.module';
export { SmtpHealth, type SmtpStatus } from './infrastructure/email/smtp-health';
