import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/kernel';
import { ReleaseConsentDisclosureCommand } from '../contracts/compliance.contracts';
import { ClientSmsConsentRepository } from '../infrastructure/persistence/client-sms-consent.repository';

/**
 * The disclosure is owed until a message carrying it could reach the client: one the carrier
 * refused or could not deliver gives it back, and the next text to that client carries it.
 */
@CommandHandler(ReleaseConsentDisclosureCommand)
export class ReleaseConsentDisclosureHandler implements ICommandHandler<
  ReleaseConsentDisclosureCommand,
  boolean
> {
  constructor(
    private readonly consent: ClientSmsConsentRepository,
    private readonly clock: Clock,
  ) {}

  execute(command: ReleaseConsentDisclosureCommand): Promise<boolean> {
    return this.consent.releaseDisclosure(command.tx, {
      firmId: command.firmId,
      clientId: command.clientId,
      messageId: command.messageId,
      at: this.clock.now(),
    });
  }
}
