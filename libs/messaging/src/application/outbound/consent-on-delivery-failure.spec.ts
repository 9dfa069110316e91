import type { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus } from '@app/platform';
import { OptOutClientCommand, ReleaseConsentDisclosureCommand } from '@app/compliance';
import { MessageDeliveryFailed } from '../../contracts/messaging.contracts';
import { ConsentOnDeliveryFailure } from './consent-on-delivery-failure';

const FIRM = 'f0000000-0000-4000-8000-000000000001';
const CLIENT = 'c0000000-0000-4000-8000-000000000001';
const MESSAGE = '6f1c2a52-8d43-4a57-9d55-0e0d1c9a1b01';

const failed = (errorCode: string | null, clientId: string | null = CLIENT) =>
  new MessageDeliveryFailed(
    FIRM,
    MESSAGE,
    clientId,
    null,
    'failed',
    errorCode,
    'reason',
    '2026-11-28T12:00:00.000Z',
  );

describe('ConsentOnDeliveryFailure', () => {
  const tx = { isInTransaction: () => true } as unknown as EntityManager;
  let commands: unknown[];
  let bus: IntegrationEventBus;

  beforeEach(() => {
    commands = [];
    bus = new IntegrationEventBus();
    const commandBus = { execute: async (command: unknown) => void commands.push(command) };
    new ConsentOnDeliveryFailure(bus, commandBus as unknown as CommandBus).onModuleInit();
  });

  it('opts the client out on the carrier’s 21610 and gives the disclosure back', async () => {
    await bus.publish(tx, failed('21610'));
    expect(commands).toEqual([
      expect.any(OptOutClientCommand),
      expect.any(ReleaseConsentDisclosureCommand),
    ]);
    expect(commands[0]).toMatchObject({
      firmId: FIRM,
      clientId: CLIENT,
      via: 'carrier_error',
      messageId: MESSAGE,
      tx,
    });
    expect(commands[1]).toMatchObject({ firmId: FIRM, clientId: CLIENT, messageId: MESSAGE, tx });
  });

  it('gives the disclosure back on any other failure, without an opt-out', async () => {
    await bus.publish(tx, failed('30007'), failed(null));
    expect(commands).toEqual([
      expect.any(ReleaseConsentDisclosureCommand),
      expect.any(ReleaseConsentDisclosureCommand),
    ]);
  });

  it('does nothing for a message without a client', async () => {
    await bus.publish(tx, failed('21610', null));
    expect(commands).toEqual([]);
  });
});
