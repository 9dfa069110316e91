import { Command, CommandBus, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import { BusinessRuleError, NotFoundError, PhoneNumber, ValidationFailedError } from '@app/kernel';
import { AppConfig } from '@app/platform';
import { GetFirmNumberQuery } from '@app/numbers';
import { MessageView } from './message-view';
import { ReceiveInboundMessageCommand } from './receive-inbound-message.command';

export class SimulateInboundMessageCommand extends Command<MessageView> {
  constructor(
    readonly firmId: string,
    readonly from: string,
    readonly body: string,
  ) {
    super();
  }
}

export class NoFirmNumberError extends BusinessRuleError {
  constructor() {
    super('no_firm_number', 'conflict', 'The firm has no number to text. Claim one first.');
  }
}

/**
 * The sandbox carrier's stand-in for a client texting the firm: the same inbound command as the
 * carrier's webhook, with a made-up `SM…` id. Exists only while CARRIER=sandbox.
 */
@CommandHandler(SimulateInboundMessageCommand)
export class SimulateInboundMessageHandler implements ICommandHandler<
  SimulateInboundMessageCommand,
  MessageView
> {
  constructor(
    private readonly config: AppConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  async execute({ firmId, from, body }: SimulateInboundMessageCommand): Promise<MessageView> {
    if (this.config.carrier !== 'sandbox') throw new NotFoundError('Route');
    const phone = PhoneNumber.parse(from);
    if (!phone) {
      throw new ValidationFailedError([
        {
          field: 'from',
          message: 'from must be a US number or an E.164 number such as +15035550142',
        },
      ]);
    }
    const number = await this.queries.execute(new GetFirmNumberQuery(firmId));
    if (!number) throw new NoFirmNumberError();
    const receipt = await this.commands.execute(
      new ReceiveInboundMessageCommand({
        messageSid: `SM${randomBytes(16).toString('hex')}`,
        from: phone.e164,
        to: number.phoneNumber,
        body,
        numSegments: null,
        optOutType: null,
      }),
    );
    // Only a number released in the meantime leaves the text without a firm.
    if (receipt.outcome !== 'stored') throw new NoFirmNumberError();
    return receipt.message;
  }
}
