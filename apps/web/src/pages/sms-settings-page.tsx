import { FormEvent, useId, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { ActiveNumber, AvailableNumber, FirmNumber, Usage } from '../api/types';
import { Dialog } from '../components/dialog';
import { Icon } from '../components/icon';
import { Badge, Button, Callout, EmptyState, PageHeader, Skeleton } from '../components/ui';
import {
  formatCents,
  formatCount,
  formatDate,
  formatPhone,
  relativeTime,
  samePhone,
} from '../lib/format';
import { useNow, useResource } from '../lib/hooks';
import { useSession } from '../lib/session';
import { useToast } from '../lib/toast';
import { NotAllowed } from './not-allowed';
import { REGISTRATION_ANCHOR, RegistrationSection } from './sms-registration';
import { TemplatesSection } from './sms-templates';

export function SmsSettingsPage() {
  const { can } = useSession();
  const canEdit = can('firm_settings.edit');
  const number = useResource(() => api.get<FirmNumber>('/api/sms/number'), []);

  if (!can('firm_settings.view')) return <NotAllowed />;

  return (
    <div className="page page--narrow">
      <PageHeader
        title="SMS"
        description="Your firm’s texting number. Clients see it on every text you send and can reply to it."
      />
      <section aria-labelledby="number-heading" className="section">
        <h2 id="number-heading" className="section__title">
          Texting number
        </h2>
        {number.loading && !number.data ? (
          <NumberSkeleton />
        ) : number.error && !number.data ? (
          <Callout tone="danger" title="Couldn’t load your texting number">
            {(number.error as Error).message}{' '}
            <button type="button" className="link-button" onClick={() => void number.reload()}>
              Try again
            </button>
          </Callout>
        ) : number.data?.state === 'active' ? (
          <NumberCard
            number={number.data}
            canEdit={canEdit}
            onReleased={() => number.setData({ state: 'none' })}
          />
        ) : canEdit ? (
          <ClaimNumber onClaimed={(n) => number.setData(n)} />
        ) : (
          <div className="card">
            <EmptyState icon="phone" title="No texting number yet">
              An owner or admin of your firm can pick one here. Once it’s set up, everyone can text
              clients from the Inbox.
            </EmptyState>
          </div>
        )}
      </section>
      <RegistrationSection canEdit={canEdit} />
      <TemplatesSection canEdit={canEdit} />
      <UsageSection />
    </div>
  );
}

function NumberSkeleton() {
  return (
    <div
      className="card number-card"
      aria-busy="true"
      role="status"
      aria-label="Loading your texting number"
    >
      <div className="number-card__main">
        <Skeleton width={44} height={44} radius={10} />
        <div className="stack-xs" style={{ flex: 1 }}>
          <Skeleton width={180} height={20} />
          <Skeleton width={120} />
        </div>
      </div>
      <div className="number-card__meta">
        <Skeleton width="40%" />
        <Skeleton width="30%" />
      </div>
    </div>
  );
}

function NumberCard({
  number,
  canEdit,
  onReleased,
}: {
  number: ActiveNumber;
  canEdit: boolean;
  onReleased(): void;
}) {
  const [releasing, setReleasing] = useState(false);
  const now = useNow();
  const display = number.display || formatPhone(number.phoneNumber);
  return (
    <div className="card number-card" data-testid="number-card">
      <div className="number-card__main">
        <span className="number-card__icon" aria-hidden="true">
          <Icon name="phone" size={20} />
        </span>
        <div className="number-card__title">
          <span className="number-card__number">{display}</span>
          <Badge tone="success" dot>
            Active
          </Badge>
        </div>
        {canEdit && (
          <Button
            variant="danger-outline"
            size="sm"
            className="number-card__action"
            onClick={() => setReleasing(true)}
          >
            Release number
          </Button>
        )}
      </div>
      <dl className="number-card__meta">
        <div>
          <dt>Connected since</dt>
          <dd>{formatDate(number.connectedAt)}</dd>
        </div>
        <div>
          <dt>Last SMS sent</dt>
          <dd>
            {number.lastOutboundAt ? relativeTime(number.lastOutboundAt, now) : 'No texts sent yet'}
          </dd>
        </div>
      </dl>
      <p className="sr-only">
        Connected since {formatDate(number.connectedAt)}.{' '}
        {number.lastOutboundAt
          ? `Last SMS sent ${relativeTime(number.lastOutboundAt, now)}.`
          : 'No texts sent yet.'}
      </p>
      {number.registration?.sendingMayBeBlocked && (
        <div data-testid="number-registration-warning" className="number-card__registration">
          <Callout tone="warning" title="Texts may be blocked">
            Texts from this number may be blocked until your texting registration is approved.{' '}
            <a href={`#${REGISTRATION_ANCHOR}`}>
              {number.registration.status === 'failed'
                ? 'See why it was rejected'
                : number.registration.status === 'in_progress'
                  ? 'See its progress'
                  : 'Go to texting registration'}
            </a>
          </Callout>
        </div>
      )}
      {number.inboundPaused && (
        <Callout tone="warning" title="Incoming texts are paused">
          Assure Pro support has paused texts to this number. Clients’ replies won’t reach your
          inbox until support turns them back on; you can still send.
        </Callout>
      )}
      {canEdit && (
        <ReleaseDialog
          open={releasing}
          number={number}
          onClose={() => setReleasing(false)}
          onReleased={() => {
            setReleasing(false);
            onReleased();
          }}
        />
      )}
    </div>
  );
}

function ReleaseDialog({
  open,
  number,
  onClose,
  onReleased,
}: {
  open: boolean;
  number: ActiveNumber;
  onClose(): void;
  onReleased(): void;
}) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();
  const id = useId();
  const display = number.display || formatPhone(number.phoneNumber);
  const matches = samePhone(typed, number.phoneNumber);

  const close = () => {
    setTyped('');
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!matches) {
      setError(`Type ${display} exactly to confirm.`);
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/sms/number/release', { confirmPhoneNumber: number.phoneNumber });
      toast.success(`${display} released`, 'You can claim a new number whenever you’re ready.');
      setTyped('');
      onReleased();
    } catch (err) {
      toast.error(err, 'Couldn’t release the number');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title={`Release ${display}?`} onClose={close} tone="danger">
      <form onSubmit={submit} className="stack-md">
        <p className="dialog__text">
          You’ll lose this number. Conversations stay, but you won’t be able to send new SMS until
          you claim a different number.
        </p>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-confirm`}>
            Type <strong>{display}</strong> to confirm
          </label>
          <input
            id={`${id}-confirm`}
            className="input input--mono"
            inputMode="tel"
            autoComplete="off"
            placeholder={display}
            value={typed}
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setTyped(e.target.value);
              setError(null);
            }}
          />
          {error && (
            <p id={`${id}-error`} className="field__error">
              {error}
            </p>
          )}
        </div>
        <div className="dialog__actions">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" loading={busy} disabled={!matches}>
            Release number
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function ClaimNumber({ onClaimed }: { onClaimed(number: ActiveNumber): void }) {
  const [areaCode, setAreaCode] = useState('');
  const [touched, setTouched] = useState(false);
  const [results, setResults] = useState<AvailableNumber[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [claiming, setClaiming] = useState<string | null>(null);
  const [searchedFor, setSearchedFor] = useState('');
  const toast = useToast();
  const id = useId();

  const invalid = areaCode !== '' && !/^\d{3}$/.test(areaCode);
  const showError = invalid && touched;

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (invalid) return;
    setSearching(true);
    try {
      const answer = await api.get<{ numbers: AvailableNumber[] }>('/api/sms/available-numbers', {
        query: { areaCode: areaCode || undefined },
      });
      setResults(answer.numbers.slice(0, 10));
      setSearchedFor(areaCode);
    } catch (err) {
      toast.error(err, 'Couldn’t search for numbers');
    } finally {
      setSearching(false);
    }
  };

  const claim = async (candidate: AvailableNumber) => {
    setClaiming(candidate.phoneNumber);
    try {
      const claimed = await api.post<ActiveNumber>('/api/sms/number', {
        phoneNumber: candidate.phoneNumber,
      });
      toast.success(
        `${claimed.display || formatPhone(claimed.phoneNumber)} is your texting number`,
        'Clients can text it now, and you can text them from the Inbox.',
      );
      onClaimed(claimed);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'number_unavailable') {
        setResults((list) => list?.filter((n) => n.phoneNumber !== candidate.phoneNumber) ?? null);
      }
      toast.error(err, 'Couldn’t claim that number');
    } finally {
      setClaiming(null);
    }
  };

  return (
    <div className="card claim" data-testid="claim-number">
      <div className="claim__intro">
        <span className="claim__icon" aria-hidden="true">
          <Icon name="phone" size={20} />
        </span>
        <div>
          <h3 className="claim__title">Get a texting number</h3>
          <p className="claim__text">
            Your firm doesn’t have a number yet. Pick a local one your clients will recognise; texts
            and replies go through it.
          </p>
        </div>
      </div>
      <form className="claim__search" onSubmit={search} noValidate>
        <div className="field field--inline">
          <label className="field__label" htmlFor={`${id}-area`}>
            Area code <span className="field__optional">(optional)</span>
          </label>
          <input
            id={`${id}-area`}
            className="input input--area"
            inputMode="numeric"
            autoComplete="off"
            maxLength={3}
            placeholder="503"
            value={areaCode}
            aria-invalid={showError || undefined}
            aria-describedby={`${id}-area-hint`}
            onChange={(e) => setAreaCode(e.target.value.replace(/\s/g, ''))}
            onBlur={() => setTouched(true)}
          />
        </div>
        <Button type="submit" variant="primary" icon="search" loading={searching}>
          Search
        </Button>
        <p
          id={`${id}-area-hint`}
          className={showError ? 'field__error claim__hint' : 'field__hint claim__hint'}
          aria-live="polite"
        >
          {showError
            ? 'An area code is exactly 3 digits, like 503. Leave it empty to see numbers anywhere.'
            : 'Leave it empty to see numbers anywhere in the US.'}
        </p>
      </form>
      {results && (
        <div className="claim__results" aria-live="polite">
          {results.length === 0 ? (
            <EmptyState icon="search" title="No numbers available" compact>
              {searchedFor
                ? `The carrier has no free numbers in ${searchedFor} right now. Try a nearby area code, or leave it empty.`
                : 'The carrier has no free numbers right now. Try again in a few minutes.'}
            </EmptyState>
          ) : (
            <>
              <p className="claim__count">
                {results.length} available {results.length === 1 ? 'number' : 'numbers'}
                {searchedFor ? ` in ${searchedFor}` : ''}
              </p>
              <ul className="number-list" aria-label="Available numbers">
                {results.map((n) => (
                  <li key={n.phoneNumber} className="number-list__row">
                    <span className="number-list__number">
                      {n.display || formatPhone(n.phoneNumber)}
                    </span>
                    <span className="number-list__place">
                      {[n.locality, n.region].filter(Boolean).join(', ') || '—'}
                    </span>
                    <Button
                      size="sm"
                      variant="secondary"
                      loading={claiming === n.phoneNumber}
                      disabled={claiming !== null && claiming !== n.phoneNumber}
                      onClick={() => void claim(n)}
                      aria-label={`Claim ${n.display || formatPhone(n.phoneNumber)}`}
                    >
                      Claim
                    </Button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}

function currentMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** The month's usage against the allowance; hidden while the route isn't available. */
function UsageSection() {
  const usage = useResource(
    () => api.get<Usage>('/api/sms/usage', { query: { month: currentMonth() } }),
    [],
  );
  if (usage.error || (!usage.loading && !usage.data)) return null;
  if (!usage.data)
    return (
      <section className="section" aria-busy="true">
        <h2 className="section__title">Usage this month</h2>
        <div className="card usage">
          <Skeleton width="50%" />
          <Skeleton height={8} width="100%" radius={99} />
        </div>
      </section>
    );
  const u = usage.data;
  const used = u.outbound.segments + u.inbound.segments;
  const pct = u.allowanceSegments > 0 ? Math.min(100, (used / u.allowanceSegments) * 100) : 100;
  const tone = u.overageSegments > 0 ? 'over' : pct >= 80 ? 'near' : 'ok';
  const monthName = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' }).format(
    new Date(`${u.month}-01T12:00:00`),
  );
  return (
    <section className="section" aria-labelledby="usage-heading">
      <h2 id="usage-heading" className="section__title">
        Usage this month
      </h2>
      <div className="card usage" data-testid="usage">
        <div className="usage__row">
          <span className="usage__figure">
            <strong>{formatCount(used)}</strong> of {formatCount(u.allowanceSegments)} segments
          </span>
          <span className="usage__month">{monthName}</span>
        </div>
        <div
          className={`meter meter--${tone}`}
          role="meter"
          aria-label="Segments used this month"
          aria-valuemin={0}
          aria-valuemax={u.allowanceSegments}
          aria-valuenow={used}
        >
          <span style={{ width: `${pct}%` }} />
        </div>
        <div className="usage__legend">
          <span>
            {formatCount(u.outbound.messages)} sent · {formatCount(u.outbound.segments)} segments
          </span>
          <span>
            {formatCount(u.inbound.messages)} received · {formatCount(u.inbound.segments)} segments
          </span>
          {u.overageSegments > 0 && (
            <span className="usage__over">
              {formatCount(u.overageSegments)} over the allowance · about{' '}
              {formatCents(u.estimatedOverageCents)}
            </span>
          )}
        </div>
      </div>
    </section>
  );
}
