import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** One row a client with messages: what the threads list pages over without scanning messages. */
@Entity({ tableName: 'threads' })
@Index({
  name: 'threads_recent_idx',
  expression:
    'create index "threads_recent_idx" on "threads" ("firm_id", "last_message_at" desc, "client_id" desc)',
})
export class ThreadEntity {
  @PrimaryKey({ type: 'uuid' })
  clientId!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'uuid' })
  lastMessageId!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  lastMessageAt!: Date;

  /** When the firm last texted this client; matching prefers the most recently texted client. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastOutboundAt: Date | null = null;
}

/** Where each member has read a thread up to; unread counts are inbound messages after it. */
@Entity({ tableName: 'thread_reads' })
export class ThreadReadEntity {
  @PrimaryKey({ type: 'uuid' })
  clientId!: string;

  @PrimaryKey({ type: 'uuid' })
  memberId!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  readAt!: Date;
}
