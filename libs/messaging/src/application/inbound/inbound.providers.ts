import type { Provider, Type } from '@nestjs/common';

/** Inbound webhook, client matching, Unmatched triage and the sandbox inbound route. */
export const inboundProviders: Provider[] = [];
export const inboundControllers: Type[] = [];
