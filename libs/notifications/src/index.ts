export * from './notifications.module';
export { SmtpHealth, type SmtpStatus } from './infrastructure/email/smtp-health';
export { INBOUND_ALERT_QUEUE } from './application/deliver-inbound-alerts.job';
