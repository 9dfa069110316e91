import type { MessageEntity } from '../../infrastructure/persistence/message.entity';
import { MessageView, toMessageView } from '../inbound/message-view';

/** A message as a thread shows it (either direction): the contract's fields plus delivery detail. */
export interface ThreadMessageView extends MessageView {
  /** Plain English for staff when the carrier could not deliver it. */
  errorReason: string | null;
  /** True on the one message that carried the client's consent disclosure. */
  includesDisclosure: boolean;
  /** The template an outbound text was rendered from, if any. */
  templateId: string | null;
}

export function toThreadMessageView(message: MessageEntity): ThreadMessageView {
  return {
    ...toMessageView(message),
    errorReason: message.errorReason,
    includesDisclosure: message.includesDisclosure,
    templateId: message.templateId,
  };
}
