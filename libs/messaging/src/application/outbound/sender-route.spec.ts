// The contexts refer to each other; load them in the order the application does.
import '@app/messaging';
import type { QueryBus } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '@app/kernel';
import { IntegrationEventBus } from '@app/platform';
import { SenderRoute } from './sender-route';

describe('SenderRoute', () => {
  let now: number;
  let services: Record<string, string | null>;
  let lookups: string[];
  let bus: IntegrationEventBus;
  let route: SenderRoute;

  beforeEach(() => {
    now = Date.parse('2026-11-29T10:00:00Z');
    services = { a: null, b: 'MGb' };
    lookups = [];
    const queries = {
      execute: async (query: { firmId: string }) => {
        lookups.push(query.firmId);
        return services[query.firmId] ?? null;
      },
    } as unknown as QueryBus;
    const clock: Clock = { now: () => new Date(now) };
    bus = new IntegrationEventBus();
    route = new SenderRoute(queries, bus, clock);
    route.onModuleInit();
  });

  const tx = { isInTransaction: () => true } as unknown as EntityManager;

  it('asks once per firm for a few seconds, then again', async () => {
    expect(await route.messagingServiceOf('a')).toBeNull();
    expect(await route.messagingServiceOf('b')).toBe('MGb');
    services.a = 'MGa';
    expect(await route.messagingServiceOf('a')).toBeNull();
    expect(lookups).toEqual(['a', 'b']);

    now += 16_000;
    expect(await route.messagingServiceOf('a')).toBe('MGa');
    expect(lookups).toEqual(['a', 'b', 'a']);
  });

  it('looks again at once when this process approves a registration or changes the number', async () => {
    await route.messagingServiceOf('a');
    services.a = 'MGa';
    await bus.publish(tx, {
      eventName: 'numbers.registration_approved',
      firmId: 'a',
      occurredAt: '',
    } as never);
    expect(await route.messagingServiceOf('a')).toBe('MGa');

    services.a = null;
    await bus.publish(tx, {
      eventName: 'numbers.number_released',
      firmId: 'a',
      occurredAt: '',
    } as never);
    expect(await route.messagingServiceOf('a')).toBeNull();
    expect(lookups).toEqual(['a', 'a', 'a']);
  });

  it('looks again after a send was refused', async () => {
    await route.messagingServiceOf('b');
    route.forget('b');
    await route.messagingServiceOf('b');
    expect(lookups).toEqual(['b', 'b']);
  });
});
