import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroORM } from '@mikro-orm/postgresql';
import { AppConfig, DatabaseInfo } from '@app/platform';
import { NotificationEntity } from './infrastructure/persistence/notification.entity';
import { AlertEmailEntity } from './infrastructure/persistence/alert-email.entity';
import { NotificationPreferenceEntity } from './infrastructure/persistence/notification-preference.entity';
import { NotificationStore } from './infrastructure/persistence/notification.store';
import { AlertEmailStore } from './infrastructure/persistence/alert-email.store';
import { PreferenceStore } from './infrastructure/persistence/preference.store';
import { SmtpEmailSender } from './infrastructure/email/smtp-email-sender.adapter';
import { LogEmailSender } from './infrastructure/email/log-email-sender.adapter';
import { SmtpHealth } from './infrastructure/email/smtp-health';
import { PgNotifyBroadcaster } from './infrastructure/live/pg-notify-broadcaster.adapter';
import { InProcessNotificationBroadcaster } from './infrastructure/live/in-process-broadcaster.adapter';
import { EMAIL_SENDER, EmailSender } from './application/ports/email-sender.port';
import {
  NOTIFICATION_BROADCASTER,
  NotificationBroadcaster,
} from './application/ports/notification-broadcaster.port';
import { AlertDispatcher } from './application/alert-dispatcher';
import { NotifyStaffOnInboundMessage } from './application/notify-staff-on-inbound-message.handler';
import { NotifySenderOnDeliveryFailure } from './application/notify-sender-on-delivery-failure.handler';
import { WithdrawDeliveryFailureAlert } from './application/withdraw-delivery-failure-alert.handler';
import { SendAlertEmailJob } from './application/email/send-alert-email.job';
import { DeliverInboundAlertsJob } from './application/deliver-inbound-alerts.job';
import { NotificationWorkers } from './application/notification-workers';
import { ListNotificationsHandler } from './application/queries/list-notifications.query';
import { MarkNotificationReadHandler } from './application/commands/mark-notification-read.command';
import { GetNotificationPreferencesHandler } from './application/preferences/get-notification-preferences.query';
import { UpdateNotificationPreferencesHandler } from './application/preferences/update-notification-preferences.command';
import { NotificationsController } from './interface/http/notifications.controller';
import { NotificationStreamController } from './interface/http/notification-stream.controller';
import { NotificationPreferencesController } from './interface/http/notification-preferences.controller';
import { NotificationStreams } from './interface/http/notification-streams';
import { StreamQueryTokenHook } from './interface/http/stream-query-token.hook';

const commandHandlers = [MarkNotificationReadHandler, UpdateNotificationPreferencesHandler];
const queryHandlers = [ListNotificationsHandler, GetNotificationPreferencesHandler];
const eventHandlers = [
  NotifyStaffOnInboundMessage,
  NotifySenderOnDeliveryFailure,
  WithdrawDeliveryFailureAlert,
];
const jobs = [SendAlertEmailJob, DeliverInboundAlertsJob, NotificationWorkers];
const adapters = [
  NotificationStore,
  AlertEmailStore,
  PreferenceStore,
  SmtpHealth,
  {
    provide: EMAIL_SENDER,
    inject: [AppConfig],
    useFactory: (config: AppConfig): EmailSender =>
      config.smtpUrl ? new SmtpEmailSender(config.smtpUrl, config.mailFrom) : new LogEmailSender(),
  },
  {
    provide: NOTIFICATION_BROADCASTER,
    inject: [DatabaseInfo, AppConfig, MikroORM],
    useFactory: (
      database: DatabaseInfo,
      config: AppConfig,
      orm: MikroORM,
    ): NotificationBroadcaster =>
      !database.embedded && config.databaseUrl
        ? new PgNotifyBroadcaster(config.databaseUrl)
        : new InProcessNotificationBroadcaster(orm.em.getEventManager()),
  },
];

/** In-app notifications, email alerts and each member's preferences for them. */
@Module({
  imports: [
    MikroOrmModule.forFeature([NotificationEntity, AlertEmailEntity, NotificationPreferenceEntity]),
  ],
  controllers: [
    NotificationsController,
    NotificationStreamController,
    NotificationPreferencesController,
  ],
  providers: [
    ...commandHandlers,
    ...queryHandlers,
    ...eventHandlers,
    ...jobs,
    ...adapters,
    AlertDispatcher,
    NotificationStreams,
    StreamQueryTokenHook,
  ],
  exports: [SmtpHealth],
})
export class NotificationsModule {}
