import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Clock, newId } from '@app/kernel';
import { JobQueue } from '@app/platform';
import type { Alert } from '../domain/alert';
import { NotificationPreferences, defaultPreferences } from '../domain/notification-preferences';
import { NotificationStore } from '../infrastructure/persistence/notification.store';
import { AlertEmailStore } from '../infrastructure/persistence/alert-email.store';
import { PreferenceStore } from '../infrastructure/persistence/preference.store';
import {
  NOTIFICATION_BROADCASTER,
  NotificationBroadcaster,
} from './ports/notification-broadcaster.port';

export const ALERT_EMAIL_QUEUE = 'notifications.email';

/** The email alerts of one transaction's events; the worker sends those not yet sent. */
export interface AlertEmailJob {
  emailIds: string[];
}

export interface Recipient {
  id: string;
  name: string;
  email: string;
}

/** Which channels a recipient's preferences open for this kind of alert. */
export type ChannelChoice = (preferences: NotificationPreferences) => {
  inApp: boolean;
  email: boolean;
};

/** One alert and who receives it. */
export interface AlertFor {
  alert: Alert;
  recipients: Recipient[];
}

/**
 * Records alerts for their recipients on the transaction it is given (the event's own, or that
 * of the job that fans out a group of received texts): the in-app notifications, their live
 * announcement, and one durable job for the emails of the recipients who want them. Nothing
 * leaves the process here, so an SMTP outage can neither slow nor fail the transaction; the email
 * worker sends later, with retries.
 */
@Injectable()
export class AlertDispatcher {
  constructor(
    private readonly notifications: NotificationStore,
    private readonly emails: AlertEmailStore,
    private readonly preferences: PreferenceStore,
    private readonly queue: JobQueue,
    @Inject(NOTIFICATION_BROADCASTER) private readonly broadcaster: NotificationBroadcaster,
    private readonly clock: Clock,
  ) {}

  async dispatch(
    em: EntityManager,
    alert: Alert,
    recipients: Recipient[],
    channels: ChannelChoice,
  ): Promise<void> {
    await this.dispatchAll(em, [{ alert, recipients }], channels);
  }

  /**
   * Several alerts on one transaction, as the alerts of texts received together are: their
   * recipients' preferences are read once, and each table gets one insert. An alert a member
   * already has (a job run twice) is neither stored nor announced again.
   */
  async dispatchAll(em: EntityManager, alerts: AlertFor[], channels: ChannelChoice): Promise<void> {
    const ids = [...new Set(alerts.flatMap((a) => a.recipients.map((r) => r.id)))];
    if (ids.length === 0) return;
    const saved = await this.preferences.ofMembers(em, ids);
    const wants = (r: Recipient) => channels(saved.get(r.id) ?? defaultPreferences());
    const now = this.clock.now();

    const notifications = alerts.flatMap(({ alert, recipients }) =>
      recipients
        .filter((r) => wants(r).inApp)
        .map((r) => ({
          id: newId(),
          firmId: alert.firmId,
          memberId: r.id,
          type: alert.type,
          title: alert.title,
          body: alert.body,
          clientId: alert.clientId,
          messageId: alert.messageId,
          link: alert.link,
          createdAt: now,
        })),
    );
    const created = await this.notifications.insertNew(em, notifications);
    for (const n of created) {
      await this.broadcaster.announce(em, {
        id: n.id,
        memberId: n.memberId,
        type: n.type,
        title: n.title,
        body: n.body,
        clientId: n.clientId,
        messageId: n.messageId,
        link: n.link,
        createdAt: n.createdAt.toISOString(),
        readAt: null,
      });
    }

    const emails = alerts.flatMap(({ alert, recipients }) =>
      recipients
        .filter((r) => wants(r).email)
        .map((r) => ({
          id: newId(),
          firmId: alert.firmId,
          memberId: r.id,
          messageId: alert.messageId,
          type: alert.type,
          recipientEmail: r.email,
          recipientName: r.name,
          subject: alert.title,
          summary: alert.body,
          link: alert.link,
          createdAt: now,
        })),
    );
    if (emails.length > 0) {
      // Both ride on the commit's round trip; an id whose row met an existing one is skipped
      // by the worker, which sends only the rows it finds unsent. The alerts of one transaction
      // share one job.
      this.emails.insertAtCommit(em, emails);
      this.queue.enqueueCombinedAtCommit<AlertEmailJob>(
        em,
        ALERT_EMAIL_QUEUE,
        { emailIds: emails.map((e) => e.id) },
        (jobs) => ({ emailIds: jobs.flatMap((j) => j.emailIds) }),
      );
    }
  }
}
