import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import './pg-boss-delay';
import { reportSettleRetries } from './pg-boss-settle';
import PgBoss from 'pg-boss';
import { newId } from '@app/kernel';
import { Statement, afterCommit, txSql } from '../database/unit-of-work';

export interface QueuePolicy {
  /** Attempts after the first one. */
  retryLimit: number;
  /** Seconds before the first retry; doubled each time with jitter when `retryBackoff`. */
  retryDelay: number;
  retryBackoff: boolean;
  /** A job still running after this many seconds is considered lost and retried. */
  expireInSeconds: number;
}

export interface JobContext {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

/**
 * The row pg-boss 10's `send` writes for a job with no options of its own but a start delay and a
 * singleton key (its `insertJob` plan: the queue's policy, else pg-boss's defaults), as a
 * statement a fifth its size. Deferred writes go as text and are planned with every commit, and
 * pg-boss's general statement, which resolves every option a job could carry, cost PostgreSQL
 * twice the CPU of this one a transaction. Its values may also be inlined (with the statements a
 * transaction sends together), which pg-boss's cannot be once it has a delay: PostgreSQL reads
 * that literal as a timestamp in a branch of its CASE while parsing, and fails. A spec compares
 * the jobs of the two field by field, so an upgrade of pg-boss that changes its plan fails there.
 */
function insertJob(
  name: string,
  data: object,
  startAfterSeconds: number,
  singletonKey: string | null = null,
): Statement {
  return {
    text: INSERT_JOB,
    values: [newId(), name, JSON.stringify(data), startAfterSeconds, singletonKey],
  };
}

const INSERT_JOB = `insert into pgboss.job (id, name, data, start_after, singleton_key, dead_letter,
    expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
  select $1::uuid, q.name, $3::jsonb, now() + $4::float8 * interval '1 second', $5::text,
    q.dead_letter, coalesce(q.expire_seconds * interval '1 second', interval '15 minutes'),
    now() + $4::float8 * interval '1 second'
      + coalesce(q.retention_minutes * interval '1 minute', interval '14 days'),
    coalesce(q.retry_limit, 2),
    case when coalesce(q.retry_backoff, false) then greatest(q.retry_delay, 1)
      else coalesce(q.retry_delay, 0) end,
    coalesce(q.retry_backoff, false), q.policy
  from pgboss.queue q where q.name = $2
  on conflict do nothing`;

/**
 * The durable queue: pg-boss, in the same PostgreSQL as the data. A job is enqueued on the
 * caller's transaction, so it exists exactly when the decision that needs it was committed.
 * Workers claim jobs with SKIP LOCKED, so any number of processes cooperate.
 */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger('JobQueue');
  private boss: PgBoss | null = null;
  private readonly policies = new Map<string, QueuePolicy>();
  private readonly workerIds = new Map<string, string[]>();
  private creating: Promise<void> = Promise.resolve();

  async start(url: string, poolMax: number): Promise<void> {
    const boss = new PgBoss({
      connectionString: url,
      max: poolMax,
      schema: 'pgboss',
      // Maintenance (expiring, archiving) runs in every process; pg-boss takes a lock for it.
      maintenanceIntervalSeconds: 30,
      // No cron schedules are used; skipping the clock monitor saves a connection and a timer.
      schedule: false,
    });
    boss.on('error', (error: Error) => this.logger.error(`queue error: ${error.message}`));
    reportSettleRetries((message) => this.logger.warn(message));
    await boss.start();
    this.boss = boss;
    for (const [name, policy] of this.policies) await this.createQueue(name, policy);
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }

  get started(): boolean {
    return this.boss !== null;
  }

  /** Declares a queue; safe to call before or after start. */
  async define(name: string, policy: QueuePolicy): Promise<void> {
    this.policies.set(name, policy);
    if (this.boss) await this.createQueue(name, policy);
  }

  /**
   * Enqueues on the transaction of `em`; throws outside a transaction. Answers the job's id, or
   * null when the queue's policy refused it as a duplicate of its singleton key.
   */
  async enqueue<T extends object>(
    em: EntityManager,
    name: string,
    data: T,
    options: { singletonKey?: string; startAfterSeconds?: number } = {},
  ): Promise<string | null> {
    const { text, values } = insertJob(
      name,
      data,
      options.startAfterSeconds ?? 0,
      options.singletonKey ?? null,
    );
    const rows = await txSql(em).query<{ id: string }>(`${text} returning id`, values);
    return rows[0]?.id ?? null;
  }

  /**
   * The same job, written with the transaction's deferred writes in its last round trip instead
   * of one of its own. It answers nothing: use `enqueue` when the job id or a singleton's
   * outcome matters.
   */
  enqueueAtCommit<T extends object>(
    em: EntityManager,
    name: string,
    data: T,
    options: { startAfterSeconds?: number } = {},
  ): void {
    const { text, values } = insertJob(name, data, options.startAfterSeconds ?? 0);
    txSql(em).defer(text, values);
    this.wakeAfterCommit(em, name);
  }

  /**
   * Jobs of one queue that every call in the transaction adds to and that are written with its
   * commit as one job: `combine` merges the calls' data. For work a transaction may create many
   * times over (an email per received text) and a worker does as well in one go.
   */
  enqueueCombinedAtCommit<T extends object>(
    em: EntityManager,
    name: string,
    data: T,
    combine: (all: T[]) => T,
  ): void {
    txSql(em).deferRows(`job:${name}`, data, (all) => insertJob(name, combine(all), 0));
    this.wakeAfterCommit(em, name);
  }

  /**
   * This process's workers of the queue look for the job as soon as it is committed, rather
   * than at their next poll; a worker in another process finds it at its next poll.
   */
  private wakeAfterCommit(em: EntityManager, name: string): void {
    afterCommit(em, `job-queue.wake:${name}`, () => this.wake(name));
  }

  /**
   * Works a queue: `loops` independent fetch loops (default 1), each taking up to `batchSize`
   * jobs at a time and running them concurrently. A loop that got a full batch fetches again at
   * once instead of sleeping through its polling interval, so a backlog drains at the speed of
   * the handlers, not of the poll.
   */
  async work<T>(
    name: string,
    options: { batchSize: number; pollingIntervalSeconds?: number; loops?: number },
    handler: JobHandler<T>,
  ): Promise<void> {
    for (let loop = 0; loop < (options.loops ?? 1); loop++) {
      await this.workLoop(name, options, handler);
    }
  }

  private async workLoop<T>(
    name: string,
    options: { batchSize: number; pollingIntervalSeconds?: number },
    handler: JobHandler<T>,
  ): Promise<void> {
    const boss = this.requireBoss();
    let id: string | null = null;
    id = await boss.work<T>(
      name,
      {
        batchSize: options.batchSize,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
        includeMetadata: true,
      },
      async (jobs) => {
        // Jobs of one batch run concurrently; each settles on its own so one failure does not
        // make pg-boss retry the others.
        const results = await Promise.allSettled(
          jobs.map((job) => {
            const meta = job as unknown as { retryCount?: number; retryLimit?: number };
            return handler(job.data, {
              id: job.id,
              retryCount: meta.retryCount ?? 0,
              retryLimit: meta.retryLimit ?? 0,
            });
          }),
        );
        const failed = results.flatMap((r, i) =>
          r.status === 'rejected' ? [{ job: jobs[i], error: r.reason as Error }] : [],
        );
        // pg-boss completes the jobs still active once this returns; failed ones are not. Both
        // retry through a short database outage (pg-boss-settle).
        for (const { job, error } of failed) {
          await boss.fail(name, job.id, {
            message: error instanceof Error ? error.message : String(error),
          });
        }
        // More are likely waiting: skip the poll delay after this batch.
        if (jobs.length === options.batchSize && id) boss.notifyWorker(id);
      },
    );
    this.workerIds.set(name, [...(this.workerIds.get(name) ?? []), id]);
  }

  /** Wakes this process's workers of a queue now instead of at their next poll. */
  wake(name: string): void {
    const boss = this.boss;
    if (!boss) return;
    for (const id of this.workerIds.get(name) ?? []) boss.notifyWorker(id);
  }

  /** Counts of jobs by state, for health checks and tests. */
  async counts(name: string): Promise<Record<string, number>> {
    const boss = this.requireBoss();
    const db = boss.getDb() as unknown as {
      executeSql(t: string, v: unknown[]): Promise<{ rows: { state: string; n: string }[] }>;
    };
    const { rows } = await db.executeSql(
      'select state, count(*)::text as n from pgboss.job where name = $1 group by state',
      [name],
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /**
   * Creating a queue is DDL (pg-boss makes a partition per queue), and two creations at once
   * deadlock in PostgreSQL; so one at a time in this process, and a retry when another process
   * starting beside this one collides with it.
   */
  private createQueue(name: string, policy: QueuePolicy): Promise<void> {
    const run = this.creating.then(() => this.createQueueNow(name, policy));
    this.creating = run.catch(() => undefined);
    return run;
  }

  private async createQueueNow(name: string, policy: QueuePolicy): Promise<void> {
    const boss = this.requireBoss();
    const options = { name, policy: 'standard' as const, ...policy };
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = await boss.getQueue(name);
        if (existing) await boss.updateQueue(name, options);
        else await boss.createQueue(name, options);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        const retryable = code === '40P01' || code === '23505' || code === '42P07';
        if (!retryable || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
  }

  private requireBoss(): PgBoss {
    if (!this.boss) throw new Error('the job queue is not started');
    return this.boss;
  }
}
