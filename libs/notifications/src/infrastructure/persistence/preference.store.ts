import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { txSql } from '@app/platform';
import { NotificationPreferences, defaultPreferences } from '../../domain/notification-preferences';
import { NotificationPreferenceEntity } from './notification-preference.entity';

interface PreferenceRow {
  member_id: string;
  sms_reply_in_app: boolean;
  sms_reply_email: boolean;
}

@Injectable()
export class PreferenceStore {
  constructor(private readonly em: EntityManager) {}

  /** Every given member's preferences (defaults where none are saved), read on `em`'s transaction. */
  async ofMembers(
    em: EntityManager,
    memberIds: string[],
  ): Promise<Map<string, NotificationPreferences>> {
    const result = new Map(memberIds.map((id) => [id, defaultPreferences()]));
    if (memberIds.length === 0) return result;
    const rows = await txSql(em).query<PreferenceRow>(
      'select "member_id", "sms_reply_in_app", "sms_reply_email" from "notification_preferences" where "member_id" = any($1::uuid[])',
      [memberIds],
    );
    for (const row of rows) {
      result.set(row.member_id, {
        smsReply: { inApp: row.sms_reply_in_app, email: row.sms_reply_email },
      });
    }
    return result;
  }

  async get(firmId: string, memberId: string): Promise<NotificationPreferences> {
    const row = await this.em.fork().findOne(NotificationPreferenceEntity, { memberId, firmId });
    return row
      ? { smsReply: { inApp: row.smsReplyInApp, email: row.smsReplyEmail } }
      : defaultPreferences();
  }

  async save(
    firmId: string,
    memberId: string,
    preferences: NotificationPreferences,
    at: Date,
  ): Promise<void> {
    await this.em.fork().upsert(NotificationPreferenceEntity, {
      memberId,
      firmId,
      smsReplyInApp: preferences.smsReply.inApp,
      smsReplyEmail: preferences.smsReply.email,
      updatedAt: at,
    });
  }
}
