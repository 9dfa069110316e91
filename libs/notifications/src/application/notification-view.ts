import type { NotificationType } from '../domain/notification-type';

/** An in-app notification as its member sees it (the API shape). */
export interface NotificationView {
  id: string;
  type: NotificationType;
  title: string;
  body: string;
  clientId: string | null;
  messageId: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

/** A new notification on its way to its member's open tabs. */
export interface LiveNotification extends NotificationView {
  memberId: string;
}
