import type { Provider, Type } from '@nestjs/common';

/** Sending, dispatch, delivery status, availability and preview. */
export const outboundProviders: Provider[] = [];
export const outboundControllers: Type[] = [];
