import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig, JobQueue, QueuePolicy } from '@app/platform';
import { ALERT_EMAIL_QUEUE, AlertEmailJob } from './alert-dispatcher';
import { SendAlertEmailJob } from './email/send-alert-email.job';

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

@Injectable()
export class NotificationWorkers implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly sendEmail: SendAlertEmailJob,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.define(ALERT_EMAIL_QUEUE, ALERT_EMAIL_POLICY);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.queue.work<AlertEmailJob>(ALERT_EMAIL_QUEUE, { batchSize: 5 }, (data, job) =>
      this.sendEmail.run(data, job),
    );
  }
}
