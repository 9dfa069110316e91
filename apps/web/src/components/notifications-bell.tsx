import { useCallback, useEffect, useRef, useState } from 'react';
import { accessToken, api } from '../api/client';
import type { AppNotification, Page } from '../api/types';
import { emitAppEvent, useInterval, useNow } from '../lib/hooks';
import { navigate } from '../lib/router';
import { relativeTime } from '../lib/format';
import { useToast } from '../lib/toast';
import { Icon } from './icon';
import { Skeleton } from './ui';

function isUnread(n: AppNotification): boolean {
  return !n.readAt && !n.read;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** API.md leaves the fields open: read the common ones, fall back to the type. */
export function describeNotification(n: AppNotification): {
  title: string;
  text?: string;
  link?: string;
} {
  const data = n.data ?? {};
  const clientName = n.clientName ?? str(data.clientName);
  const clientId = n.clientId ?? str(data.clientId);
  const text = n.body ?? n.preview ?? str(data.preview) ?? str(data.body);
  let title = n.title ?? str(data.title);
  if (!title) {
    if (n.type?.includes('reply') || n.type?.includes('inbound'))
      title = clientName ? `New text from ${clientName}` : 'New text message';
    else if (n.type?.includes('unmatched')) title = 'Text from an unknown number';
    else title = clientName ? `Update about ${clientName}` : 'New notification';
  }
  const link = n.link ?? (clientId ? `/inbox/${clientId}` : undefined);
  return { title, text, link: link?.startsWith('/') ? link : undefined };
}

/**
 * The bell: unread count, a popover list, and the live stream. When the stream can't connect
 * (or drops), the list is refreshed on a timer instead, so nothing is missed.
 */
export function NotificationsBell() {
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [unreadMore, setUnreadMore] = useState(false);
  const [open, setOpen] = useState(false);
  const [available, setAvailable] = useState(true);
  const [live, setLive] = useState(false);
  const toast = useToast();
  const popover = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useNow();

  // Notifications the stream delivered, by id, with when they arrived: a read of the list that
  // was already under way when one arrived may not hold it, and must not drop it.
  const arrivals = useRef(new Map<string, { notification: AppNotification; at: number }>());

  const refresh = useCallback(async () => {
    const startedAt = Date.now();
    try {
      const [all, unreadPage] = await Promise.all([
        api.get<Page<AppNotification>>('/api/notifications', { query: { limit: 20 } }),
        api.get<Page<AppNotification>>('/api/notifications', {
          query: { unread: true, limit: 50 },
        }),
      ]);
      const late: AppNotification[] = [];
      for (const [id, arrival] of arrivals.current) {
        if (arrival.at >= startedAt) late.push(arrival.notification);
        else arrivals.current.delete(id);
      }
      const listed = new Set(all.items.map((n) => n.id));
      const counted = new Set(unreadPage.items.map((n) => n.id));
      setItems([...late.filter((n) => !listed.has(n.id)), ...all.items]);
      setUnread(
        unreadPage.items.length + late.filter((n) => isUnread(n) && !counted.has(n.id)).length,
      );
      setUnreadMore(Boolean(unreadPage.nextCursor));
      setAvailable(true);
    } catch {
      setAvailable(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useInterval(() => void refresh(), live ? 60000 : 15000);

  useEffect(() => {
    const token = accessToken();
    if (!token || typeof EventSource === 'undefined') return;
    const source = new EventSource(
      `/api/notifications/stream?access_token=${encodeURIComponent(token)}`,
    );
    // Read the list again once the stream is open: what was created after the first read but
    // before the stream connected would otherwise wait for the next timed refresh.
    source.onopen = () => {
      setLive(true);
      void refresh();
    };
    source.onerror = () => setLive(source.readyState === EventSource.OPEN);
    const onNotification = (event: MessageEvent<string>) => {
      let notification: AppNotification;
      try {
        notification = JSON.parse(event.data) as AppNotification;
      } catch {
        return;
      }
      if (!notification || typeof notification !== 'object' || !notification.id) return;
      arrivals.current.set(notification.id, { notification, at: Date.now() });
      setItems((list) =>
        list ? [notification, ...list.filter((n) => n.id !== notification.id)] : [notification],
      );
      setUnread((n) => n + 1);
      const { title, text } = describeNotification(notification);
      toast.info(title, text);
      emitAppEvent('notification', notification);
    };
    // The server names its events `notification`; plain `message` events are accepted too.
    source.addEventListener('notification', onNotification as EventListener);
    source.onmessage = onNotification;
    return () => source.close();
  }, [toast, refresh]);

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!popover.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const markRead = async (n: AppNotification) => {
    if (!isUnread(n)) return;
    setItems(
      (list) =>
        list?.map((x) =>
          x.id === n.id ? { ...x, read: true, readAt: new Date().toISOString() } : x,
        ) ?? null,
    );
    setUnread((c) => Math.max(0, c - 1));
    try {
      await api.post(`/api/notifications/${n.id}/read`);
    } catch (error) {
      toast.error(error, 'Couldn’t mark the notification read');
      void refresh();
    }
  };

  const markAllRead = async () => {
    const pending = (items ?? []).filter(isUnread);
    setItems(
      (list) =>
        list?.map((x) => ({ ...x, read: true, readAt: x.readAt ?? new Date().toISOString() })) ??
        null,
    );
    setUnread(0);
    try {
      await Promise.all(pending.map((n) => api.post(`/api/notifications/${n.id}/read`)));
    } catch (error) {
      toast.error(error, 'Couldn’t mark every notification read');
    }
    void refresh();
  };

  const openItem = (n: AppNotification) => {
    void markRead(n);
    const { link } = describeNotification(n);
    setOpen(false);
    if (link) navigate(link);
  };

  if (!available && items === null) return null;
  const label =
    unread > 0 ? `Notifications, ${unread}${unreadMore ? '+' : ''} unread` : 'Notifications';
  return (
    <div className="bell">
      <button
        ref={button}
        type="button"
        className="icon-button bell__button"
        aria-label={label}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="bell" size={18} />
        {unread > 0 && (
          <span className="bell__count" aria-hidden="true" data-testid="bell-count">
            {unread > 99 || unreadMore ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={popover}
          className="popover bell__popover"
          role="dialog"
          aria-label="Notifications"
        >
          <div className="popover__header">
            <span className="popover__title">Notifications</span>
            {unread > 0 && (
              <button type="button" className="link-button" onClick={() => void markAllRead()}>
                Mark all read
              </button>
            )}
          </div>
          <ul className="bell__list">
            {items === null &&
              [0, 1, 2].map((i) => (
                <li key={i} className="bell__item">
                  <Skeleton width="60%" />
                  <Skeleton width="85%" />
                </li>
              ))}
            {items?.length === 0 && (
              <li className="bell__empty">
                <Icon name="bell" size={20} />
                <span>You’re all caught up. Replies from clients will show up here.</span>
              </li>
            )}
            {items?.map((n) => {
              const { title, text } = describeNotification(n);
              return (
                <li key={n.id}>
                  <button
                    type="button"
                    className={isUnread(n) ? 'bell__item is-unread' : 'bell__item'}
                    onClick={() => openItem(n)}
                  >
                    <span className="bell__dot" aria-label={isUnread(n) ? 'Unread' : undefined} />
                    <span className="bell__title">{title}</span>
                    {text && <span className="bell__text">{text}</span>}
                    {n.createdAt && <span className="bell__time">{relativeTime(n.createdAt)}</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
