import type {
  MessageDirection,
  MessageEntity,
  SmsEncodingName,
} from '../../infrastructure/persistence/message.entity';
import type { MessageStatus } from '../../domain/message-status';

/** A message as the API shows it, with the inbound compliance markers. */
export interface MessageView {
  id: string;
  clientId: string | null;
  direction: MessageDirection;
  channel: 'sms';
  body: string;
  from: string;
  to: string;
  status: MessageStatus;
  segments: number;
  encoding: SmsEncodingName;
  sentBy: string | null;
  createdAt: string;
  statusUpdatedAt: string;
  errorCode: string | null;
  keyword: string | null;
  possibleOptOut: boolean;
  receivedWhilePaused: boolean;
}

/** The fields a view is made of: an entity, or a row read without the ORM. */
export type MessageViewSource = Pick<
  MessageEntity,
  | 'id'
  | 'clientId'
  | 'direction'
  | 'body'
  | 'fromNumber'
  | 'toNumber'
  | 'status'
  | 'segments'
  | 'encoding'
  | 'sentBy'
  | 'createdAt'
  | 'statusUpdatedAt'
  | 'errorCode'
  | 'keyword'
  | 'possibleOptOut'
  | 'receivedWhilePaused'
>;

export function toMessageView(message: MessageViewSource): MessageView {
  return {
    id: message.id,
    clientId: message.clientId,
    direction: message.direction,
    channel: 'sms',
    body: message.body,
    from: message.fromNumber,
    to: message.toNumber,
    status: message.status,
    segments: message.segments,
    encoding: message.encoding,
    sentBy: message.sentBy,
    createdAt: message.createdAt.toISOString(),
    statusUpdatedAt: message.statusUpdatedAt.toISOString(),
    errorCode: message.errorCode,
    keyword: message.keyword,
    possibleOptOut: message.possibleOptOut,
    receivedWhilePaused: message.receivedWhilePaused,
  };
}
