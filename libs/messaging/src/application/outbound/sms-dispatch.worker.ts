import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig, JobQueue } from '@app/platform';
import {
  SMS_DISPATCH_BATCH_SIZE,
  SMS_DISPATCH_LOOPS,
  SMS_DISPATCH_POLICY,
  SMS_DISPATCH_QUEUE,
  SmsDispatchJob,
} from './sms-dispatch.job';
import { SmsDispatcher } from './sms-dispatcher';

/** Declares the dispatch queue everywhere; works it only in processes that run workers. */
@Injectable()
export class SmsDispatchWorker implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly dispatcher: SmsDispatcher,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): Promise<void> {
    return this.jobs.define(SMS_DISPATCH_QUEUE, SMS_DISPATCH_POLICY);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.jobs.work<SmsDispatchJob>(
      SMS_DISPATCH_QUEUE,
      { batchSize: SMS_DISPATCH_BATCH_SIZE, loops: SMS_DISPATCH_LOOPS },
      (data, job) => this.dispatcher.dispatch(data.messageId, job),
    );
  }
}
