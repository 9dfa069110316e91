import { useCallback, useState } from 'react';
import { api } from '../api/client';
import type { Page, Thread } from '../api/types';
import { ClientPicker } from '../components/client-picker';
import { Dialog } from '../components/dialog';
import { Icon } from '../components/icon';
import { Avatar, Button, Callout, EmptyState, Skeleton } from '../components/ui';
import { shortTime } from '../lib/format';
import { useAppEvent, useInterval, useNow, useResource } from '../lib/hooks';
import { Link, navigate } from '../lib/router';
import { useSession } from '../lib/session';
import { NotAllowed } from './not-allowed';
import { isFailed } from './message-status';
import { ThreadView } from './thread-view';

export function InboxPage({ clientId }: { clientId?: string }) {
  const { can } = useSession();
  const [picking, setPicking] = useState(false);
  if (!can('messages.view')) return <NotAllowed />;
  return (
    <div className={clientId ? 'inbox has-thread' : 'inbox'}>
      <ThreadList activeId={clientId} onNew={() => setPicking(true)} />
      <div className="inbox__pane">
        {clientId ? (
          <ThreadView key={clientId} clientId={clientId} />
        ) : (
          <div className="inbox__placeholder">
            <EmptyState
              icon="message"
              title="Pick a conversation"
              action={
                <Button icon="plus" onClick={() => setPicking(true)}>
                  New message
                </Button>
              }
            >
              Choose a client on the left to read and reply, or start a new conversation.
            </EmptyState>
          </div>
        )}
      </div>
      <Dialog open={picking} title="New message" onClose={() => setPicking(false)}>
        <ClientPicker
          label="To"
          autoFocus
          onSelect={(client) => {
            setPicking(false);
            navigate(`/inbox/${client.id}`);
          }}
        />
      </Dialog>
    </div>
  );
}

function ThreadList({ activeId, onNew }: { activeId?: string; onNew(): void }) {
  const threads = useResource(
    () => api.get<Page<Thread>>('/api/threads', { query: { limit: 50 } }),
    [],
  );
  const [more, setMore] = useState<{ items: Thread[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const now = useNow();
  const reload = threads.reload;
  const refresh = useCallback(() => void reload(), [reload]);
  useInterval(refresh, 5000);
  useAppEvent('notification', refresh);
  useAppEvent('threads-changed', refresh);

  const firstIds = new Set(threads.data?.items.map((t) => t.clientId));
  const items = [
    ...(threads.data?.items ?? []),
    ...(more?.items.filter((t) => !firstIds.has(t.clientId)) ?? []),
  ];
  const cursor = more ? more.cursor : threads.data?.nextCursor;

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.get<Page<Thread>>('/api/threads', { query: { limit: 50, cursor } });
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className="threads" aria-labelledby="threads-heading">
      <header className="threads__header">
        <h1 id="threads-heading" className="threads__title">
          Inbox
        </h1>
        <Button size="sm" variant="primary" icon="plus" onClick={onNew}>
          New message
        </Button>
      </header>
      {threads.error && !threads.data ? (
        <div className="threads__state">
          <Callout tone="danger" title="Couldn’t load conversations">
            {(threads.error as Error).message}
          </Callout>
        </div>
      ) : !threads.data ? (
        <ul className="threads__list" aria-busy="true" aria-label="Loading conversations">
          {[0, 1, 2, 3, 4].map((i) => (
            <li key={i} className="thread-row thread-row--skeleton">
              <Skeleton width={36} height={36} radius={99} />
              <span className="stack-xs" style={{ flex: 1 }}>
                <Skeleton width="45%" />
                <Skeleton width="80%" />
              </span>
            </li>
          ))}
        </ul>
      ) : items.length === 0 ? (
        <div className="threads__state">
          <EmptyState icon="inbox" title="No conversations yet" compact>
            When you text a client or one texts your firm, the conversation shows up here.
          </EmptyState>
        </div>
      ) : (
        <ul className="threads__list" aria-label="Conversations">
          {items.map((thread) => {
            const last = thread.lastMessage;
            const active = thread.clientId === activeId;
            const unread = thread.unreadCount > 0;
            return (
              <li key={thread.clientId}>
                <Link
                  to={`/inbox/${thread.clientId}`}
                  className={['thread-row', active && 'is-active', unread && 'is-unread']
                    .filter(Boolean)
                    .join(' ')}
                  aria-current={active ? 'page' : undefined}
                  data-testid="thread-row"
                >
                  <Avatar name={thread.clientName} size={36} />
                  <span className="thread-row__body">
                    <span className="thread-row__top">
                      <span className="thread-row__name">{thread.clientName}</span>
                      {last && (
                        <time className="thread-row__time" dateTime={last.createdAt} data-now={now}>
                          {shortTime(last.createdAt)}
                        </time>
                      )}
                    </span>
                    <span className="thread-row__bottom">
                      <span className="thread-row__preview">
                        {last && isFailed(last) && (
                          <Icon name="alert" size={13} className="icon--danger" />
                        )}
                        {last?.direction === 'outbound' && (
                          <span className="thread-row__you">You: </span>
                        )}
                        {last?.body ?? 'No messages yet'}
                      </span>
                      {unread && (
                        <span
                          className="unread-badge"
                          data-testid="unread-badge"
                          aria-label={`${thread.unreadCount} unread`}
                        >
                          {thread.unreadCount > 99 ? '99+' : thread.unreadCount}
                        </span>
                      )}
                    </span>
                  </span>
                </Link>
              </li>
            );
          })}
          {cursor && (
            <li className="threads__more">
              <Button
                size="sm"
                variant="ghost"
                loading={loadingMore}
                onClick={() => void loadMore()}
              >
                Load more conversations
              </Button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
