import type { ActivityData } from '../domain/activity-entry';
import type { ActivityType } from '../domain/activity-type';
import type { ActivityRow } from '../infrastructure/persistence/activity-log.repository';

/** An entry as the audit API shows it. */
export interface ActivityView {
  id: string;
  type: ActivityType;
  occurredAt: string;
  actorId: string | null;
  clientId: string | null;
  messageId: string | null;
  data: ActivityData;
}

export function toActivityView(row: ActivityRow): ActivityView {
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    clientId: row.clientId,
    messageId: row.messageId,
    data: row.data,
  };
}
