import { FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { ActivityItem, Client, Member, Page } from '../api/types';
import { ClientPicker } from '../components/client-picker';
import { Dialog } from '../components/dialog';
import { Icon } from '../components/icon';
import {
  Badge,
  BadgeTone,
  Button,
  Callout,
  EmptyState,
  PageHeader,
  Skeleton,
} from '../components/ui';
import { formatDateTime, formatPhone } from '../lib/format';
import { useResource } from '../lib/hooks';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import { useToast } from '../lib/toast';
import { NotAllowed } from './not-allowed';

const TYPES: Array<{ value: string; label: string; tone: BadgeTone }> = [
  { value: 'sms.message.outbound', label: 'Text sent', tone: 'accent' },
  { value: 'sms.message.inbound', label: 'Text received', tone: 'info' },
  { value: 'sms.message.delivery_failed', label: 'Delivery failed', tone: 'danger' },
  { value: 'sms.client.opted_out', label: 'Client opted out', tone: 'warning' },
  { value: 'sms.client.opted_in', label: 'Client opted in', tone: 'success' },
  { value: 'sms.number.claimed', label: 'Number claimed', tone: 'success' },
  { value: 'sms.number.released', label: 'Number released', tone: 'neutral' },
  { value: 'sms.registration.submitted', label: 'Registration submitted', tone: 'neutral' },
  { value: 'sms.registration.approved', label: 'Registration approved', tone: 'success' },
  { value: 'sms.registration.failed', label: 'Registration failed', tone: 'danger' },
];

const TYPE_GROUPS = [
  { value: 'sms.message.*', label: 'All message events' },
  { value: 'sms.client.*', label: 'All consent events' },
  { value: 'sms.number.*', label: 'All number events' },
  { value: 'sms.registration.*', label: 'All registration events' },
];

interface Filters {
  type: string;
  client: { id: string; name: string } | null;
  actorId: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { type: '', client: null, actorId: '', from: '', to: '' };

function toQuery(f: Filters): Record<string, string | undefined> {
  return {
    type: f.type || undefined,
    clientId: f.client?.id,
    actorId: f.actorId || undefined,
    // Date inputs are local days: from the start of the first to the end of the last.
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : undefined,
    to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : undefined,
  };
}

const DETAIL_LABELS: Record<string, string> = {
  phoneNumber: 'Number',
  from: 'From',
  to: 'To',
  reason: 'Reason',
  keyword: 'Keyword',
  errorCode: 'Error',
  errorReason: 'Reason',
  segments: 'Segments',
  source: 'Source',
  status: 'Status',
  channel: 'Channel',
};

/** Every member of the firm, for naming actors and filtering by one: the list page by page. */
async function everyMember(): Promise<Member[]> {
  const all: Member[] = [];
  let cursor: string | null = null;
  // 25 pages of 200: far beyond any firm's staff, and still a bound.
  for (let page = 0; page < 25; page++) {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const next: Page<Member> = await api.get<Page<Member>>(`/api/members?limit=200${query}`);
    all.push(...next.items);
    cursor = next.nextCursor;
    if (!cursor) break;
  }
  return all;
}

function details(item: ActivityItem): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(item.data ?? {})) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    if (/id$/i.test(key) || key === 'body') continue;
    const text = typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
    const label =
      DETAIL_LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
    out.push([label, /^\+\d{8,15}$/.test(text) ? formatPhone(text) : text]);
    if (out.length >= 3) break;
  }
  return out;
}

/** Who did what, when: the firm's SMS audit trail with filters and a CSV export. */
export function ActivityPage() {
  const { can } = useSession();
  const allowed = can('activity.view');
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [pickingClient, setPickingClient] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [more, setMore] = useState<{ items: ActivityItem[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [clientNames, setClientNames] = useState<Record<string, string>>({});
  const toast = useToast();
  const id = useId();

  const members = useResource(
    () => (can('firm_settings.view') ? everyMember() : Promise.resolve([] as Member[])),
    [],
  );
  const memberList: Member[] = members.data ?? [];
  const memberName = useMemo(() => new Map(memberList.map((m) => [m.id, m.name])), [memberList]);

  const activity = useResource(
    () =>
      allowed
        ? api.get<Page<ActivityItem>>('/api/activity', {
            query: { ...toQuery(filters), limit: 50 },
          })
        : Promise.resolve({ items: [], nextCursor: null }),
    [filters, allowed],
  );
  useEffect(() => setMore(null), [filters]);

  const items = [...(activity.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : activity.data?.nextCursor;

  // Rows carry client ids; look the names up once each.
  const missing = [
    ...new Set(items.map((i) => i.clientId).filter((c): c is string => Boolean(c))),
  ].filter((c) => !(c in clientNames));
  const missingKey = missing.join(',');
  useEffect(() => {
    if (!missingKey) return;
    const ids = missingKey.split(',');
    setClientNames((names) => ({
      ...names,
      ...Object.fromEntries(ids.map((c) => [c, names[c] ?? ''])),
    }));
    void Promise.all(
      ids.map((clientId) =>
        api
          .get<Client>(`/api/clients/${clientId}`)
          .then((c) => [clientId, c.name] as const)
          .catch(() => [clientId, 'Removed client'] as const),
      ),
    ).then((pairs) => setClientNames((names) => ({ ...names, ...Object.fromEntries(pairs) })));
  }, [missingKey]);

  if (!allowed) return <NotAllowed />;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const reset = () => {
    setDraft(EMPTY);
    setFilters(EMPTY);
  };
  const dirty = JSON.stringify(filters) !== JSON.stringify(EMPTY);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.get<Page<ActivityItem>>('/api/activity', {
        query: { ...toQuery(filters), limit: 50, cursor },
      });
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
    } catch (error) {
      toast.error(error, 'Couldn’t load more activity');
    } finally {
      setLoadingMore(false);
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const blob = await api.blob('/api/activity', 'text/csv', { query: toQuery(filters) });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `assure-pro-activity-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      toast.error(error, 'Couldn’t export the activity');
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="page">
      <PageHeader
        title="Activity"
        description="Every number change, text and consent event in your firm, for your records."
        actions={
          <Button icon="download" onClick={() => void exportCsv()} loading={exporting}>
            Export CSV
          </Button>
        }
      />
      <form className="filters card" onSubmit={apply} aria-label="Filter activity">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-type`}>
            Event
          </label>
          <select
            id={`${id}-type`}
            className="input select"
            value={draft.type}
            onChange={(e) => setDraft({ ...draft, type: e.target.value })}
          >
            <option value="">All events</option>
            <optgroup label="Groups">
              {TYPE_GROUPS.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </optgroup>
            <optgroup label="Events">
              {TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <div className="field">
          <span className="field__label" id={`${id}-client-label`}>
            Client
          </span>
          <div className="filter-client">
            <button
              type="button"
              className="input select filter-client__button"
              aria-labelledby={`${id}-client-label`}
              aria-describedby={`${id}-client-value`}
              onClick={() => setPickingClient(true)}
            >
              <span id={`${id}-client-value`}>
                {draft.client ? draft.client.name : 'Any client'}
              </span>
            </button>
            {draft.client && (
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label="Clear the client filter"
                onClick={() => setDraft({ ...draft, client: null })}
              >
                <Icon name="x" />
              </button>
            )}
          </div>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-actor`}>
            Member
          </label>
          <select
            id={`${id}-actor`}
            className="input select"
            value={draft.actorId}
            onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}
          >
            <option value="">Anyone</option>
            {memberList.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-from`}>
            From
          </label>
          <input
            id={`${id}-from`}
            type="date"
            className="input"
            value={draft.from}
            max={draft.to || undefined}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-to`}>
            To
          </label>
          <input
            id={`${id}-to`}
            type="date"
            className="input"
            value={draft.to}
            min={draft.from || undefined}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <div className="filters__actions">
          <Button type="submit" variant="primary">
            Apply
          </Button>
          {dirty && (
            <Button variant="ghost" onClick={reset}>
              Reset
            </Button>
          )}
        </div>
      </form>

      {activity.error && !activity.data ? (
        <Callout tone="danger" title="Couldn’t load activity">
          {(activity.error as Error).message}
        </Callout>
      ) : (
        <div className="card table-card">
          <table className="table" aria-busy={activity.loading || undefined}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Client</th>
                <th scope="col">By</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {activity.loading && !activity.data
                ? [0, 1, 2, 3, 4].map((i) => (
                    <tr key={i}>
                      {[90, 110, 100, 80, 160].map((w, j) => (
                        <td key={j}>
                          <Skeleton width={w} />
                        </td>
                      ))}
                    </tr>
                  ))
                : items.map((item) => {
                    const type = TYPES.find((t) => t.value === item.type);
                    return (
                      <tr key={item.id} data-testid="activity-row">
                        <td className="table__time">
                          <time dateTime={item.occurredAt}>{formatDateTime(item.occurredAt)}</time>
                        </td>
                        <td>
                          <Badge tone={type?.tone ?? 'neutral'}>{type?.label ?? item.type}</Badge>
                        </td>
                        <td>
                          {item.clientId ? (
                            <Link to={`/inbox/${item.clientId}`}>
                              {clientNames[item.clientId] || 'Client'}
                            </Link>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                        <td>
                          {item.actorId ? (
                            (memberName.get(item.actorId) ?? 'A member')
                          ) : (
                            <span className="muted">System</span>
                          )}
                        </td>
                        <td className="table__details">
                          {details(item).map(([k, v]) => (
                            <span key={k} className="kv">
                              <span className="kv__k">{k}</span> {v}
                            </span>
                          ))}
                        </td>
                      </tr>
                    );
                  })}
            </tbody>
          </table>
          {activity.data && items.length === 0 && (
            <EmptyState
              icon="activity"
              title={dirty ? 'Nothing matches these filters' : 'No activity yet'}
              compact
            >
              {dirty
                ? 'Try a wider date range or another event type.'
                : 'Claiming a number, texting clients and consent changes are all recorded here.'}
            </EmptyState>
          )}
          {cursor && (
            <div className="table-card__more">
              <Button
                size="sm"
                variant="ghost"
                loading={loadingMore}
                onClick={() => void loadMore()}
              >
                Load more
              </Button>
            </div>
          )}
        </div>
      )}
      <Dialog open={pickingClient} title="Filter by client" onClose={() => setPickingClient(false)}>
        <ClientPicker
          label="Client"
          autoFocus
          onSelect={(client) => {
            setDraft({ ...draft, client });
            setPickingClient(false);
          }}
        />
      </Dialog>
    </div>
  );
}
