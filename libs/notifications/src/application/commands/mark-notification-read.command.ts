import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, NotFoundError, isUuid } from '@app/kernel';
import { NotificationStore } from '../../infrastructure/persistence/notification.store';

/** Marks one of the caller's notifications read; anyone else's answers not found. */
export class MarkNotificationReadCommand extends Command<void> {
  constructor(
    readonly firmId: string,
    readonly memberId: string,
    readonly notificationId: string,
  ) {
    super();
  }
}

@CommandHandler(MarkNotificationReadCommand)
export class MarkNotificationReadHandler implements ICommandHandler<MarkNotificationReadCommand> {
  constructor(
    private readonly store: NotificationStore,
    private readonly clock: Clock,
  ) {}

  async execute({ firmId, memberId, notificationId }: MarkNotificationReadCommand): Promise<void> {
    const found =
      isUuid(notificationId) &&
      (await this.store.markRead(firmId, memberId, notificationId, this.clock.now()));
    if (!found) throw new NotFoundError('Notification');
  }
}
