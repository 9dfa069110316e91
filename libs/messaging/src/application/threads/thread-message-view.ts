import type { MessageEntity } from '../../infrastructure/persistence/message.entity';
import { MessageView, MessageViewSource, toMessageView } from '../inbound/message-view';

/** A message as a thread shows it (either direction): the contract's fields plus delivery detail. */
export interface ThreadMessageView extends MessageView {
  /** Plain English for staff when the carrier could not deliver it. */
  errorReason: string | null;
  /** True on the one message that carried the client's consent disclosure. */
  includesDisclosure: boolean;
  /** The template an outbound text was rendered from, if any. */
  templateId: string | null;
}

export type ThreadMessageViewSource = MessageViewSource &
  Pick<MessageEntity, 'errorReason' | 'includesDisclosure' | 'templateId'>;

/**
 * The columns of a thread message view, named as the entity's fields: a page of a thread is
 * read with these, without hydrating entities.
 */
export const THREAD_MESSAGE_COLUMNS = `id, client_id as "clientId", direction, body,
  from_number as "fromNumber", to_number as "toNumber", status, segments, encoding,
  sent_by as "sentBy", created_at as "createdAt", status_updated_at as "statusUpdatedAt",
  error_code as "errorCode", keyword, possible_opt_out as "possibleOptOut",
  received_while_paused as "receivedWhilePaused", error_reason as "errorReason",
  includes_disclosure as "includesDisclosure", template_id as "templateId"`;

/** A row read with `THREAD_MESSAGE_COLUMNS`: the driver answers its timestamps as text. */
export type ThreadMessageRow = Omit<ThreadMessageViewSource, 'createdAt' | 'statusUpdatedAt'> & {
  createdAt: Date | string;
  statusUpdatedAt: Date | string;
};

export function fromThreadMessageRow(row: ThreadMessageRow): ThreadMessageViewSource {
  return {
    ...row,
    createdAt: new Date(row.createdAt),
    statusUpdatedAt: new Date(row.statusUpdatedAt),
  };
}

export function toThreadMessageView(message: ThreadMessageViewSource): ThreadMessageView {
  // Object.assign, not a spread: V8 (Node 20) gives every object spread and then extended
  // hidden classes of its own, in old space, freed only by a full GC.
  return Object.assign(toMessageView(message), {
    errorReason: message.errorReason,
    includesDisclosure: message.includesDisclosure,
    templateId: message.templateId,
  });
}
