import { Client } from 'pg';
import { settlesWithin } from './timing';

/**
 * Reads the database the way an auditor would after a fault: one plain connection, outside the
 * application, counting what was stored, notified and queued.
 */
export class DbProbe {
  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<DbProbe> {
    const client = new Client({ connectionString: url });
    // A probe of a database that is being restarted must not take the test process down.
    client.on('error', () => undefined);
    await client.connect();
    return new DbProbe(client);
  }

  async rows<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(sql, params)).rows as T[];
  }

  /** A statement that answers no rows; resolves with the number of rows it touched. */
  async execute(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.client.query(sql, params)).rowCount ?? 0;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.rows<{ n: string | number }>(sql, params);
    return Number(row?.n ?? 0);
  }

  /** Messages of a firm by direction: id, carrier id, status, client, error code. */
  messages(firmId: string, direction: 'inbound' | 'outbound'): Promise<StoredMessage[]> {
    return this.rows<StoredMessage>(
      `select id, client_id as "clientId", carrier_message_id as "carrierMessageId", status,
              error_code as "errorCode", includes_disclosure as "includesDisclosure", attempts
         from messages where firm_id = $1 and direction = $2`,
      [firmId, direction],
    );
  }

  /** In-app notifications of a firm: one row per (member, message, type). */
  notifications(firmId: string): Promise<NotificationRow[]> {
    return this.rows<NotificationRow>(
      `select member_id as "memberId", message_id as "messageId", type
         from notifications where firm_id = $1`,
      [firmId],
    );
  }

  /** Email alerts of a firm and where each stands. */
  emails(firmId: string): Promise<EmailRow[]> {
    return this.rows<EmailRow>(
      `select id, member_id as "memberId", message_id as "messageId", type,
              sent_at is not null as sent, failed_at is not null as failed
         from notification_emails where firm_id = $1`,
      [firmId],
    );
  }

  /** Activity entries of a firm of one type, by message. */
  activity(firmId: string, type: string): Promise<Array<{ messageId: string }>> {
    return this.rows(
      `select message_id as "messageId" from activity_log where firm_id = $1 and type = $2`,
      [firmId, type],
    );
  }

  /**
   * Jobs of a queue still to run (created, retry or active) among those whose data field
   * `key` is one of `ids`: zero means the queue has nothing left to do for them.
   */
  pendingJobs(queue: string, key: string, ids: string[]): Promise<number> {
    return this.count(
      `select count(*) as n from pgboss.job
        where name = $1 and state in ('created', 'retry', 'active') and data->>$2 = any($3::text[])`,
      [queue, key, ids],
    );
  }

  async close(): Promise<void> {
    await settlesWithin(this.client.end(), 2_000);
  }
}

export interface StoredMessage {
  id: string;
  clientId: string | null;
  carrierMessageId: string | null;
  status: string;
  errorCode: string | null;
  includesDisclosure: boolean | null;
  attempts: number;
}

export interface NotificationRow {
  memberId: string;
  messageId: string;
  type: string;
}

export interface EmailRow {
  id: string;
  memberId: string;
  messageId: string;
  type: string;
  sent: boolean;
  failed: boolean;
}
