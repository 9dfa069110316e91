import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock, NotFoundError } from '@app/kernel';
import { IntegrationEventBus } from '@app/platform';
import { GetClientContactQuery } from '@app/directory';
import { ClientOptedOut, OptOutClientCommand } from '../contracts/compliance.contracts';
import { optOutEvidence } from '../domain/keyword-effects';
import { ClientSmsConsentRepository } from '../infrastructure/persistence/client-sms-consent.repository';

/**
 * One client opted out outside the keyword path: staff recording a request made in other words,
 * or the carrier's 21610 on a send. Idempotent: an opted-out client stays so and no second
 * event is published.
 */
@CommandHandler(OptOutClientCommand)
export class OptOutClientHandler implements ICommandHandler<OptOutClientCommand, void> {
  constructor(
    private readonly em: EntityManager,
    private readonly consent: ClientSmsConsentRepository,
    private readonly queries: QueryBus,
    private readonly events: IntegrationEventBus,
    private readonly clock: Clock,
  ) {}

  async execute(command: OptOutClientCommand): Promise<void> {
    if (command.tx) await this.optOut(command, command.tx);
    else await this.em.fork().transactional((tx) => this.optOut(command, tx));
  }

  private async optOut(command: OptOutClientCommand, tx: EntityManager): Promise<void> {
    const { firmId, clientId, via } = command;
    const client = await this.queries.execute(new GetClientContactQuery(firmId, clientId, tx));
    if (!client) throw new NotFoundError('Client');
    const keyword = via === 'carrier_error' ? '21610' : null;
    const now = this.clock.now();
    const changed = await this.consent.markOptedOut(
      tx,
      firmId,
      [clientId],
      optOutEvidence(via, keyword),
      now,
    );
    if (changed.length === 0) return;
    await this.events.publish(
      tx,
      new ClientOptedOut(
        firmId,
        clientId,
        via,
        keyword,
        command.actorId,
        command.messageId,
        command.reason,
        now.toISOString(),
      ),
    );
  }
}
