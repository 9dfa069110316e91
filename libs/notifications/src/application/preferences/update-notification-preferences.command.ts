import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/kernel';
import type { NotificationPreferences } from '../../domain/notification-preferences';
import { PreferenceStore } from '../../infrastructure/persistence/preference.store';

/** Replaces the caller's preferences; answers what was saved. */
export class UpdateNotificationPreferencesCommand extends Command<NotificationPreferences> {
  constructor(
    readonly firmId: string,
    readonly memberId: string,
    readonly preferences: NotificationPreferences,
  ) {
    super();
  }
}

@CommandHandler(UpdateNotificationPreferencesCommand)
export class UpdateNotificationPreferencesHandler implements ICommandHandler<
  UpdateNotificationPreferencesCommand,
  NotificationPreferences
> {
  constructor(
    private readonly store: PreferenceStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateNotificationPreferencesCommand): Promise<NotificationPreferences> {
    const saved: NotificationPreferences = {
      smsReply: {
        inApp: command.preferences.smsReply.inApp,
        email: command.preferences.smsReply.email,
      },
    };
    await this.store.save(command.firmId, command.memberId, saved, this.clock.now());
    return saved;
  }
}
