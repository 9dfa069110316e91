import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig, JobQueue, QueuePolicy } from '@app/platform';
import { ALERT_EMAIL_QUEUE, AlertEmailJob } from './alert-dispatcher';
import { SendAlertEmailJob } from './email/send-alert-email.job';
import {
  DeliverInboundAlertsJob,
  INBOUND_ALERT_QUEUE,
  InboundAlertJob,
} from './deliver-inbound-alerts.job';

/**
 * Rides out an SMTP outage of minutes to hours: ten retries, doubling from 5–10 s, span one and a
 * half to three hours before an alert is given up.
 */
export const ALERT_EMAIL_POLICY: QueuePolicy = {
  retryLimit: 10,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 300,
};

/**
 * Alerts of received texts wait only on the database: a failed fan-out (the database restarting)
 * is retried after about 1, 2, 4 … s: twelve retries span one to two hours.
 */
export const INBOUND_ALERT_POLICY: QueuePolicy = {
  retryLimit: 12,
  retryDelay: 1,
  retryBackoff: true,
  expireInSeconds: 60,
};

@Injectable()
export class NotificationWorkers implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly sendEmail: SendAlertEmailJob,
    private readonly deliverInbound: DeliverInboundAlertsJob,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.define(ALERT_EMAIL_QUEUE, ALERT_EMAIL_POLICY);
    await this.queue.define(INBOUND_ALERT_QUEUE, INBOUND_ALERT_POLICY);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.queue.work<AlertEmailJob>(ALERT_EMAIL_QUEUE, { batchSize: 5 }, (data, job) =>
      this.sendEmail.run(data, job),
    );
    // Each job holds the texts of one inbound transaction (up to a few dozen).
    await this.queue.work<InboundAlertJob>(INBOUND_ALERT_QUEUE, { batchSize: 4 }, (data) =>
      this.deliverInbound.run(data),
    );
  }
}
