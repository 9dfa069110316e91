import { CommandHandler, ICommandHandler, QueryBus, Command } from '@nestjs/cqrs';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Clock, NotFoundError, PhoneNumber, ValidationFailedError, newId } from '@app/kernel';
import { IntegrationEventBus } from '@app/platform';
import { GetSmsConsentQuery } from '@app/compliance';
import { ClientEntity } from '../infrastructure/persistence/client.entity';
import { ClientPhoneChanged, SetClientPhoneCommand } from '../contracts/client.contracts';
import { ClientView, toClientView } from './client-view';
import { RememberedPhoneClients } from './remembered-phone-clients';

export interface ClientFields {
  name?: string;
  phone?: string | null;
  email?: string | null;
}

function normalisePhone(raw: string | null | undefined): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  if (raw.trim() === '') return null;
  const phone = PhoneNumber.parse(raw);
  if (!phone) {
    throw new ValidationFailedError([
      {
        field: 'phone',
        message: 'phone must be a US number or an E.164 number such as +15035550142',
      },
    ]);
  }
  return phone.e164;
}

export class CreateClientCommand extends Command<ClientView> {
  constructor(
    readonly firmId: string,
    readonly actorId: string,
    readonly fields: Required<Pick<ClientFields, 'name'>> & ClientFields,
  ) {
    super();
  }
}

export class UpdateClientCommand extends Command<ClientView> {
  constructor(
    readonly firmId: string,
    readonly actorId: string,
    readonly clientId: string,
    readonly fields: ClientFields,
  ) {
    super();
  }
}

@CommandHandler(CreateClientCommand)
export class CreateClientHandler implements ICommandHandler<CreateClientCommand, ClientView> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly events: IntegrationEventBus,
    private readonly remembered: RememberedPhoneClients,
  ) {}

  async execute({ firmId, fields }: CreateClientCommand): Promise<ClientView> {
    const phone = normalisePhone(fields.phone) ?? null;
    const now = this.clock.now();
    const client = await this.em.fork().transactional(async (em) => {
      const entity = em.create(ClientEntity, {
        id: newId(),
        firmId,
        name: fields.name.trim(),
        phone,
        email: fields.email?.trim().toLowerCase() || null,
        createdAt: now,
        updatedAt: now,
      });
      await em.flush();
      this.remembered.forgetAfterCommit(em, firmId, [phone]);
      if (phone) {
        await this.events.publish(
          em,
          new ClientPhoneChanged(firmId, entity.id, null, phone, now.toISOString()),
        );
      }
      return entity;
    });
    return toClientView(client, undefined);
  }
}

@CommandHandler(UpdateClientCommand)
export class UpdateClientHandler implements ICommandHandler<UpdateClientCommand, ClientView> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly events: IntegrationEventBus,
    private readonly queries: QueryBus,
    private readonly remembered: RememberedPhoneClients,
  ) {}

  async execute({ firmId, clientId, fields }: UpdateClientCommand): Promise<ClientView> {
    const phone = normalisePhone(fields.phone);
    const now = this.clock.now();
    const client = await this.em.fork().transactional(async (em) => {
      const entity = await em.findOne(
        ClientEntity,
        { id: clientId, firmId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!entity) throw new NotFoundError('Client');
      const previousPhone = entity.phone;
      if (fields.name !== undefined) entity.name = fields.name.trim();
      if (fields.email !== undefined) entity.email = fields.email?.trim().toLowerCase() || null;
      if (phone !== undefined) entity.phone = phone;
      entity.updatedAt = now;
      await em.flush();
      this.remembered.forgetAfterCommit(em, firmId, [previousPhone, entity.phone]);
      if (phone !== undefined && phone !== previousPhone) {
        await this.events.publish(
          em,
          new ClientPhoneChanged(firmId, entity.id, previousPhone, phone, now.toISOString()),
        );
      }
      return entity;
    });
    const consent = await this.queries.execute(new GetSmsConsentQuery(firmId, [client.id]));
    return toClientView(client, consent[client.id]);
  }
}

@CommandHandler(SetClientPhoneCommand)
export class SetClientPhoneHandler implements ICommandHandler<SetClientPhoneCommand, void> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly events: IntegrationEventBus,
    private readonly remembered: RememberedPhoneClients,
  ) {}

  async execute(command: SetClientPhoneCommand): Promise<void> {
    const run = async (em: EntityManager) => {
      const entity = await em.findOne(ClientEntity, {
        id: command.clientId,
        firmId: command.firmId,
      });
      if (!entity) throw new NotFoundError('Client');
      const previous = entity.phone;
      if (previous === command.phone) return;
      const now = this.clock.now();
      entity.phone = command.phone;
      entity.updatedAt = now;
      await em.flush();
      this.remembered.forgetAfterCommit(em, command.firmId, [previous, command.phone]);
      await this.events.publish(
        em,
        new ClientPhoneChanged(
          command.firmId,
          entity.id,
          previous,
          command.phone,
          now.toISOString(),
        ),
      );
    };
    if (command.tx) await run(command.tx);
    else await this.em.fork().transactional(run);
  }
}
