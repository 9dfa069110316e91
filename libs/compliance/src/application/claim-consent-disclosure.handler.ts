import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/kernel';
import { ClaimConsentDisclosureCommand } from '../contracts/compliance.contracts';
import { ClientSmsConsentRepository } from '../infrastructure/persistence/client-sms-consent.repository';

/**
 * One upsert on the sender's transaction decides which message carries the disclosure: when two
 * first texts race, the second waits on the row lock and then finds the disclosure already claimed.
 */
@CommandHandler(ClaimConsentDisclosureCommand)
export class ClaimConsentDisclosureHandler implements ICommandHandler<
  ClaimConsentDisclosureCommand,
  boolean
> {
  constructor(
    private readonly consent: ClientSmsConsentRepository,
    private readonly clock: Clock,
  ) {}

  execute(command: ClaimConsentDisclosureCommand): Promise<boolean> {
    return this.consent.claimDisclosure(command.tx, {
      firmId: command.firmId,
      clientId: command.clientId,
      messageId: command.messageId,
      text: command.disclosureText,
      at: this.clock.now(),
    });
  }
}
