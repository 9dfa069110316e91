import { Command } from '@nestjs/cqrs';
import type { RegistrationForm } from '../../domain/registration/registration-form';
import type { RegistrationView } from './registration-view';

/** Sends the firm's A2P 10DLC registration to the carrier, as a durable workflow. */
export class SubmitRegistrationCommand extends Command<RegistrationView> {
  constructor(
    readonly firmId: string,
    readonly actorId: string,
    readonly form: RegistrationForm,
  ) {
    super();
  }
}
