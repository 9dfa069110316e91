import { useId, useState } from 'react';
import { api } from '../api/client';
import type { Message, Page, UnmatchedMessage } from '../api/types';
import { ClientPicker } from '../components/client-picker';
import { Dialog } from '../components/dialog';
import { Icon } from '../components/icon';
import { Badge, Button, Callout, EmptyState, PageHeader, Skeleton } from '../components/ui';
import { formatDateTime, formatPhone, relativeTime } from '../lib/format';
import { emitAppEvent, useInterval, useNow, useResource } from '../lib/hooks';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import { useToast } from '../lib/toast';
import { NotAllowed } from './not-allowed';

/** Texts from numbers that match no client, for owners and admins to file. */
export function UnmatchedPage() {
  const { can } = useSession();
  const allowed = can('sms.unmatched.triage');
  const list = useResource(
    () =>
      allowed
        ? api.get<Page<UnmatchedMessage>>('/api/sms/unmatched', { query: { limit: 50 } })
        : Promise.resolve({ items: [], nextCursor: null }),
    [allowed],
  );
  const [assigning, setAssigning] = useState<UnmatchedMessage | null>(null);
  const [more, setMore] = useState<{ items: UnmatchedMessage[]; cursor: string | null } | null>(
    null,
  );
  const now = useNow();
  useInterval(() => void list.reload(), 10000);

  if (!allowed) return <NotAllowed />;

  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])].filter(
    (m, i, all) => all.findIndex((x) => x.id === m.id) === i,
  );
  const cursor = more ? more.cursor : list.data?.nextCursor;

  const loadMore = async () => {
    if (!cursor) return;
    const page = await api.get<Page<UnmatchedMessage>>('/api/sms/unmatched', {
      query: { limit: 50, cursor },
    });
    setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
  };

  return (
    <div className="page">
      <PageHeader
        title="Unmatched"
        description="Texts from numbers that don’t belong to any client. File each one in the right client’s conversation."
      />
      {list.error && !list.data ? (
        <Callout tone="danger" title="Couldn’t load unmatched texts">
          {(list.error as Error).message}
        </Callout>
      ) : !list.data ? (
        <div className="card list-card" aria-busy="true" aria-label="Loading unmatched texts">
          {[0, 1, 2].map((i) => (
            <div key={i} className="unmatched-row">
              <div className="stack-xs" style={{ flex: 1 }}>
                <Skeleton width={140} height={14} />
                <Skeleton width="70%" />
              </div>
              <Skeleton width={80} height={28} radius={6} />
            </div>
          ))}
        </div>
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState icon="check-circle" title="Nothing to file">
            Every text has found its client. When someone texts from a number that isn’t on a
            client’s profile, it waits here for you.
          </EmptyState>
        </div>
      ) : (
        <ul className="card list-card" aria-label="Unmatched texts">
          {items.map((m) => (
            <li key={m.id} className="unmatched-row" data-testid="unmatched-row">
              <div className="unmatched-row__main">
                <div className="unmatched-row__top">
                  <span className="unmatched-row__from">{formatPhone(m.from)}</span>
                  <time
                    className="unmatched-row__time"
                    dateTime={m.createdAt}
                    title={formatDateTime(m.createdAt)}
                  >
                    {relativeTime(m.createdAt, now)}
                  </time>
                  {m.keyword && <Badge>{m.keyword}</Badge>}
                </div>
                <p className="unmatched-row__body">{m.body}</p>
                {m.candidates && m.candidates.length > 0 && (
                  <p className="unmatched-row__candidates">
                    <Icon name="user" size={13} />
                    Possibly {m.candidates.map((c) => c.name).join(' or ')}
                  </p>
                )}
              </div>
              <Button
                size="sm"
                onClick={() => setAssigning(m)}
                aria-label={`Assign the text from ${formatPhone(m.from)}`}
              >
                Assign
              </Button>
            </li>
          ))}
          {cursor && (
            <li className="threads__more">
              <Button size="sm" variant="ghost" onClick={() => void loadMore()}>
                Load more
              </Button>
            </li>
          )}
        </ul>
      )}
      <AssignDialog
        message={assigning}
        onClose={() => setAssigning(null)}
        onAssigned={(id) => {
          setAssigning(null);
          list.setData((page) => page && { ...page, items: page.items.filter((m) => m.id !== id) });
          setMore((m) => m && { ...m, items: m.items.filter((x) => x.id !== id) });
          emitAppEvent('threads-changed');
        }}
      />
    </div>
  );
}

function AssignDialog({
  message,
  onClose,
  onAssigned,
}: {
  message: UnmatchedMessage | null;
  onClose(): void;
  onAssigned(messageId: string): void;
}) {
  const [client, setClient] = useState<{ id: string; name: string } | null>(null);
  const [savePhone, setSavePhone] = useState(true);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const id = useId();

  const close = () => {
    setClient(null);
    setSavePhone(true);
    onClose();
  };

  const assign = async () => {
    if (!message || !client) return;
    setBusy(true);
    try {
      await api.post<Message>(`/api/sms/unmatched/${message.id}/assign`, {
        clientId: client.id,
        savePhoneToClient: savePhone,
      });
      toast.success(
        `Filed under ${client.name}`,
        savePhone
          ? `${formatPhone(message.from)} is saved to their profile, so later texts match.`
          : undefined,
      );
      setClient(null);
      onAssigned(message.id);
    } catch (error) {
      toast.error(error, 'Couldn’t assign the text');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={message !== null}
      title="Assign to a client"
      onClose={close}
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" disabled={!client} loading={busy} onClick={() => void assign()}>
            Assign{client ? ` to ${client.name}` : ''}
          </Button>
        </>
      }
    >
      {message && (
        <div className="stack-md">
          <blockquote className="quote">
            <span className="quote__from">From {formatPhone(message.from)}</span>
            <span className="quote__body">{message.body}</span>
          </blockquote>
          {client ? (
            <div className="chosen">
              <span>
                <span className="chosen__label">Client</span>
                <span className="chosen__name">{client.name}</span>
              </span>
              <button type="button" className="link-button" onClick={() => setClient(null)}>
                Change
              </button>
            </div>
          ) : (
            <ClientPicker
              label="Client"
              autoFocus
              suggestions={message.candidates ?? []}
              onSelect={setClient}
            />
          )}
          <label className="checkbox" htmlFor={`${id}-save`}>
            <input
              id={`${id}-save`}
              type="checkbox"
              checked={savePhone}
              onChange={(e) => setSavePhone(e.target.checked)}
            />
            <span>
              Save this number to the client
              <span className="checkbox__hint">
                Later texts from {formatPhone(message.from)} go straight to their conversation.
              </span>
            </span>
          </label>
          {client && (
            <p className="field__hint">
              The text moves to <Link to={`/inbox/${client.id}`}>{client.name}’s conversation</Link>
              .
            </p>
          )}
        </div>
      )}
    </Dialog>
  );
}
