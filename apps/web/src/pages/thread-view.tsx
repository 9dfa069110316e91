import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, describeError } from '../api/client';
import type { Client, Message, Page, SmsAvailability } from '../api/types';
import { Icon } from '../components/icon';
import { Avatar, Badge, Button, Callout, Skeleton } from '../components/ui';
import { dayLabel, formatPhone, formatTime } from '../lib/format';
import { emitAppEvent, useAppEvent, useInterval, useResource } from '../lib/hooks';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import { useToast } from '../lib/toast';
import { Composer } from './composer';
import { MessageStatus, failureReason, isFailed } from './message-status';
import { SimulateReply, useSandbox } from './simulate-reply';

const PAGE = 30;

function byTime(a: Message, b: Message): number {
  return a.createdAt === b.createdAt
    ? a.id.localeCompare(b.id)
    : a.createdAt.localeCompare(b.createdAt);
}

function merge(current: Message[], incoming: Message[]): Message[] {
  const map = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) map.set(m.id, m);
  return [...map.values()].sort(byTime);
}

/**
 * One client's conversation, oldest at the top. The newest page is polled every 3 s while open,
 * so delivery ticks and replies appear without a reload; older pages load on scroll.
 */
export function ThreadView({ clientId }: { clientId: string }) {
  const { can } = useSession();
  const toast = useToast();
  const client = useResource(() => api.get<Client>(`/api/clients/${clientId}`), [clientId]);
  const availability = useResource(
    () => api.get<SmsAvailability>(`/api/clients/${clientId}/sms-availability`),
    [clientId],
  );
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [olderCursor, setOlderCursor] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [simulating, setSimulating] = useState(false);
  const sandbox = useSandbox();
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const restoreFrom = useRef<number | null>(null);
  const lastInboundSeen = useRef<string | null>(null);
  const loadedOnce = useRef(false);

  const markRead = useCallback(async () => {
    try {
      await api.post(`/api/clients/${clientId}/messages/read`);
      emitAppEvent('threads-changed');
    } catch {
      // Reading still works; the unread badge just stays until the next open.
    }
  }, [clientId]);

  const fetchLatest = useCallback(async () => {
    try {
      const page = await api.get<Page<Message>>(`/api/clients/${clientId}/messages`, {
        query: { limit: PAGE },
      });
      setLoadError(null);
      if (!loadedOnce.current) {
        loadedOnce.current = true;
        setOlderCursor(page.nextCursor);
      }
      setMessages((current) => merge(current ?? [], page.items));
      const newestInbound = page.items.find((m) => m.direction === 'inbound');
      if (newestInbound && newestInbound.id !== lastInboundSeen.current) {
        const first = lastInboundSeen.current === null;
        lastInboundSeen.current = newestInbound.id;
        if (!first) void markRead();
      }
    } catch (error) {
      setLoadError(error);
    }
  }, [clientId, markRead]);

  useEffect(() => {
    void fetchLatest();
    void markRead();
  }, [fetchLatest, markRead]);
  useInterval(() => void fetchLatest(), 3000);
  useAppEvent('notification', () => void fetchLatest());

  const loadOlder = useCallback(async () => {
    if (!olderCursor || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await api.get<Page<Message>>(`/api/clients/${clientId}/messages`, {
        query: { limit: PAGE, cursor: olderCursor },
      });
      restoreFrom.current = scroller.current
        ? scroller.current.scrollHeight - scroller.current.scrollTop
        : null;
      setMessages((current) => merge(current ?? [], page.items));
      setOlderCursor(page.nextCursor);
    } catch (error) {
      toast.error(error, 'Couldn’t load earlier messages');
    } finally {
      setLoadingOlder(false);
    }
  }, [clientId, olderCursor, loadingOlder, toast]);

  // Older messages load by themselves when the top of the conversation scrolls into view.
  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || !olderCursor) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !stickToBottom.current) void loadOlder();
      },
      { root: scroller.current, rootMargin: '120px 0px 0px 0px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [olderCursor, loadOlder]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !messages) return;
    if (restoreFrom.current !== null) {
      el.scrollTop = el.scrollHeight - restoreFrom.current;
      restoreFrom.current = null;
    } else if (stickToBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };

  const refreshCompliance = () => {
    void client.reload();
    void availability.reload();
  };

  const onSent = (message: Message) => {
    stickToBottom.current = true;
    setMessages((current) => merge(current ?? [], [message]));
    emitAppEvent('threads-changed');
    void availability.reload();
  };

  const c = client.data;
  const notFound = client.error && (client.error as { status?: number }).status === 404;
  if (notFound) {
    return (
      <div className="thread thread--empty">
        <Callout tone="warning" title="This client doesn’t exist">
          They may have been removed. <Link to="/inbox">Back to the Inbox</Link>
        </Callout>
      </div>
    );
  }

  return (
    <section className="thread" aria-label={c ? `Conversation with ${c.name}` : 'Conversation'}>
      <header className="thread__header">
        <Link to="/inbox" className="icon-button thread__back" aria-label="Back to conversations">
          <Icon name="chevron-left" size={18} />
        </Link>
        {c ? (
          <>
            <Avatar name={c.name} size={36} />
            <div className="thread__who">
              <h2 className="thread__name">{c.name}</h2>
              <span className="thread__phone">
                {c.phone ? formatPhone(c.phone) : 'No phone number'}
              </span>
            </div>
            <div className="thread__badges">
              {c.sms?.optedOut && (
                <Badge tone="danger" title="This client opted out of texts">
                  No SMS
                </Badge>
              )}
            </div>
          </>
        ) : (
          <>
            <Skeleton width={36} height={36} radius={99} />
            <span className="stack-xs" style={{ flex: 1 }}>
              <Skeleton width={140} height={14} />
              <Skeleton width={100} />
            </span>
          </>
        )}
        <span className="topbar__spacer" />
        {sandbox && c?.phone && availability.data?.reason !== 'no_firm_number' && (
          <Button
            size="sm"
            variant="ghost"
            icon="flask"
            aria-expanded={simulating}
            onClick={() => setSimulating((s) => !s)}
          >
            Simulate client reply
          </Button>
        )}
      </header>

      <div className="thread__scroll" ref={scroller} onScroll={onScroll}>
        <div ref={topSentinel} />
        {olderCursor && messages && (
          <div className="thread__older">
            <Button
              size="sm"
              variant="ghost"
              loading={loadingOlder}
              onClick={() => void loadOlder()}
            >
              Load earlier messages
            </Button>
          </div>
        )}
        {messages === null ? (
          loadError ? (
            <div className="thread__notice">
              <Callout tone="danger" title="Couldn’t load this conversation">
                {describeError(loadError)}
              </Callout>
            </div>
          ) : (
            <div className="messages" aria-busy="true" aria-label="Loading messages">
              <Skeleton className="bubble-skeleton" width="46%" height={44} radius={14} />
              <Skeleton
                className="bubble-skeleton bubble-skeleton--out"
                width="38%"
                height={56}
                radius={14}
              />
              <Skeleton className="bubble-skeleton" width="30%" height={36} radius={14} />
            </div>
          )
        ) : messages.length === 0 ? (
          <div className="thread__notice thread__notice--empty">
            <span className="empty__icon" aria-hidden="true">
              <Icon name="message" size={20} />
            </span>
            <p>No messages with {c?.name ?? 'this client'} yet. Write the first one below.</p>
          </div>
        ) : (
          <ol
            className="messages"
            aria-label="Messages"
            aria-live="polite"
            aria-relevant="additions"
          >
            {messages.map((m, i) => {
              const day = dayLabel(m.createdAt);
              const showDay = i === 0 || dayLabel(messages[i - 1].createdAt) !== day;
              return (
                <Fragment key={m.id}>
                  {showDay && (
                    <li className="day-divider" aria-hidden="true">
                      <span>{day}</span>
                    </li>
                  )}
                  <MessageBubble
                    message={m}
                    client={c}
                    canOptOut={can('messages.send') && !c?.sms?.optedOut}
                    onOptedOut={refreshCompliance}
                  />
                </Fragment>
              );
            })}
          </ol>
        )}
      </div>

      {sandbox && simulating && c?.phone && (
        <SimulateReply
          client={c}
          onClose={() => setSimulating(false)}
          onSent={() => {
            stickToBottom.current = true;
            window.setTimeout(() => void fetchLatest(), 400);
          }}
        />
      )}

      <Composer
        clientId={clientId}
        client={c}
        availability={availability.data}
        availabilityError={availability.error}
        canSend={can('messages.send')}
        canEditSettings={can('firm_settings.edit')}
        onSent={onSent}
      />
    </section>
  );
}

function MessageBubble({
  message,
  client,
  canOptOut,
  onOptedOut,
}: {
  message: Message;
  client: Client | undefined;
  canOptOut: boolean;
  onOptedOut(): void;
}) {
  const outbound = message.direction === 'outbound';
  const failed = isFailed(message);
  const [busy, setBusy] = useState(false);
  const toast = useToast();

  const optOut = async () => {
    setBusy(true);
    try {
      await api.post(`/api/clients/${message.clientId}/sms-opt-out`, {
        reason: 'The client asked by text to stop receiving messages.',
      });
      toast.success(
        `${client?.name ?? 'The client'} won’t get texts any more`,
        'They’re marked as opted out of SMS.',
      );
      onOptedOut();
    } catch (error) {
      toast.error(error, 'Couldn’t mark as opted out');
    } finally {
      setBusy(false);
    }
  };

  return (
    <li
      className={['message', outbound ? 'message--out' : 'message--in', failed && 'message--failed']
        .filter(Boolean)
        .join(' ')}
      data-testid="message"
      data-direction={message.direction}
      data-status={message.status}
    >
      <div className="bubble">
        <p className="bubble__body">{message.body}</p>
      </div>
      <div className="message__meta">
        <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
        {outbound && <MessageStatus message={message} />}
        {outbound && message.includesDisclosure && (
          <span
            className="message__note"
            title="The one-time consent notice (how to opt out) was added to this text."
          >
            Consent notice added
          </span>
        )}
        {!outbound && message.keyword && <Badge tone="neutral">{message.keyword}</Badge>}
        {!outbound && message.receivedWhilePaused && (
          <Badge tone="warning">Arrived while paused</Badge>
        )}
        {message.segments > 1 && (
          <span className="message__segments">{message.segments} segments</span>
        )}
      </div>
      {failed && (
        <p className="message__error" role="note">
          <Icon name="alert" size={13} /> {failureReason(message)}
        </p>
      )}
      {!outbound && message.possibleOptOut && (
        <div className="optout-flag" role="note" data-testid="possible-opt-out">
          <Icon name="flag" size={14} />
          <span className="optout-flag__text">
            {client?.sms?.optedOut
              ? 'Marked as opted out. No more texts will be sent.'
              : 'This reads like a request to stop texting.'}
          </span>
          {canOptOut && (
            <Button size="sm" variant="secondary" loading={busy} onClick={() => void optOut()}>
              Mark as opted out
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
