import type { Provider, Type } from '@nestjs/common';
import { ThreadsController } from '../../interface/http/threads.controller';
import { GetFirmMessagingTimesHandler } from './get-firm-messaging-times.handler';
import { ListThreadMessagesHandler } from './list-thread-messages.query';
import { ListThreadsHandler } from './list-threads.query';
import { MarkThreadReadHandler } from './mark-thread-read.command';

/** Thread pages, the threads list, read marks and the firm's messaging times. */
export const threadsProviders: Provider[] = [
  ListThreadMessagesHandler,
  ListThreadsHandler,
  MarkThreadReadHandler,
  GetFirmMessagingTimesHandler,
];
export const threadsControllers: Type[] = [ThreadsController];
