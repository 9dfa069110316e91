import type { Provider, Type } from '@nestjs/common';

/** Thread pages, the threads list, read marks and usage. */
export const threadsProviders: Provider[] = [];
export const threadsControllers: Type[] = [];
