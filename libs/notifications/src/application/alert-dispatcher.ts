import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Clock, newId } from '@app/kernel';
import { JobQueue, txMemo } from '@app/platform';
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

export interface DispatchOptions {
  /**
   * The alert is about a message this very transaction stored, so no alert of it can exist yet:
   * its notifications are written with the commit instead of being checked for repeats first.
   */
  messageIsNew?: boolean;
}

/**
 * Records an alert for its recipients on the transaction of the event that caused it: the
 * in-app notifications, their live announcement, and one durable job for the emails of the
 * recipients who want them. Nothing leaves the process here, so an SMTP outage can neither
 * slow nor fail the transaction; the email worker sends later, with retries.
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
    options: DispatchOptions = {},
  ): Promise<void> {
    if (recipients.length === 0) return;
    const ids = recipients.map((r) => r.id);
    // Texts received together share a transaction; their recipients' preferences are read once.
    const saved = await txMemo(em, `notifications.preferences:${ids.join(',')}`, () =>
      this.preferences.ofMembers(em, ids),
    );
    const wants = (r: Recipient) => channels(saved.get(r.id) ?? defaultPreferences());
    const now = this.clock.now();

    const notifications = recipients
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
      }));
    let created = notifications;
    if (options.messageIsNew) this.notifications.insertAtCommit(em, notifications);
    else created = await this.notifications.insertNew(em, notifications);
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

    const emails = recipients
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
      }));
    if (emails.length > 0) {
      // Both ride on the commit's round trip; an id whose row met an existing one is skipped
      // by the worker, which sends only the rows it finds unsent. The alerts of one transaction
      // (texts received together) share one job.
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
