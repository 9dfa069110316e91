import { Command } from '@nestjs/cqrs';
import type { ThreadMessageView } from '../threads/thread-message-view';

/** Text a client from the firm's number; answers the stored, queued message. */
export class SendMessageCommand extends Command<ThreadMessageView> {
  constructor(
    readonly firmId: string,
    readonly memberId: string,
    readonly clientId: string,
    readonly body: string,
    /** The caller's Idempotency-Key: the same key and request answer the first message again. */
    readonly idempotencyKey: string | null,
    /** The template the body was rendered from, kept on the message and its activity entry. */
    readonly templateId: string | null = null,
  ) {
    super();
  }
}
