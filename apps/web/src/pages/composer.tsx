import { FormEvent, KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Client, Message, SmsAvailability, SmsPreview } from '../api/types';
import { Icon } from '../components/icon';
import { Badge, Button, Skeleton } from '../components/ui';
import { newIdempotencyKey } from '../lib/format';
import { useDebounced } from '../lib/hooks';
import { Link } from '../lib/router';
import { useToast } from '../lib/toast';
import { TemplatePicker } from './template-picker';

const MAX_CHARS = 1600;

function unavailableText(reason: SmsAvailability['reason'], client: Client | undefined): string {
  const name = client?.name ?? 'This client';
  switch (reason) {
    case 'client_opted_out':
      return `${name} opted out of texts. You can’t text them unless they text START to opt back in.`;
    case 'client_has_no_phone':
      return `${name} has no phone number on file. Add one to their profile to text them.`;
    case 'forbidden':
      return 'Your role can read conversations but not send messages.';
    default:
      return 'Texting isn’t available for this client right now.';
  }
}

/**
 * Writes a text. The SMS option is hidden when the firm has no number, and disabled with the
 * reason when this client can't be texted. A live counter (POST /api/sms/preview) shows
 * characters, segments and encoding as you type. Each draft carries its own Idempotency-Key, so
 * a retried send never texts the client twice.
 */
export function Composer({
  clientId,
  client,
  availability,
  availabilityError,
  canSend,
  canEditSettings,
  onSent,
}: {
  clientId: string;
  client: Client | undefined;
  availability: SmsAvailability | undefined;
  availabilityError: unknown;
  canSend: boolean;
  canEditSettings: boolean;
  onSent(message: Message): void;
}) {
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [preview, setPreview] = useState<SmsPreview | null>(null);
  const key = useRef(newIdempotencyKey());
  const toast = useToast();
  const id = useId();
  const debounced = useDebounced(body, 250);
  const textarea = useRef<HTMLTextAreaElement>(null);

  const smsHidden = availability?.reason === 'no_firm_number';
  const smsUsable = Boolean(availability?.available) && canSend;

  useEffect(() => {
    if (!smsUsable || !debounced) {
      setPreview(null);
      return;
    }
    const controller = new AbortController();
    api
      .post<SmsPreview>(
        '/api/sms/preview',
        { body: debounced, clientId },
        { signal: controller.signal },
      )
      .then(setPreview)
      .catch(() => undefined);
    return () => controller.abort();
  }, [debounced, clientId, smsUsable]);

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = body.trim();
    if (!text || sending || !smsUsable) return;
    setSending(true);
    try {
      const message = await api.post<Message>(
        `/api/clients/${clientId}/messages`,
        { channel: 'sms', body: text },
        { headers: { 'Idempotency-Key': key.current } },
      );
      setBody('');
      setPreview(null);
      key.current = newIdempotencyKey();
      onSent(message);
      textarea.current?.focus();
    } catch (error) {
      toast.error(
        error,
        error instanceof ApiError && error.status === 409
          ? 'Text not sent'
          : 'Couldn’t send the text',
      );
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void send();
    }
  };

  if (!availability && !availabilityError) {
    return (
      <div className="composer composer--loading" aria-busy="true">
        <Skeleton height={64} width="100%" radius={10} />
      </div>
    );
  }

  if (smsHidden) {
    return (
      <div className="composer composer--off" data-testid="compose-no-number">
        <Icon name="phone-off" />
        <p>
          Texting isn’t set up for your firm yet.{' '}
          {canEditSettings ? (
            <Link to="/settings/sms">Claim a number in Settings → SMS</Link>
          ) : (
            'An owner or admin can claim a number in Settings → SMS.'
          )}
        </p>
      </div>
    );
  }

  const reason =
    availability && !availability.available ? availability.reason : canSend ? null : 'forbidden';
  const tooLong = body.length > MAX_CHARS;

  return (
    <form className="composer" onSubmit={send} data-testid="composer">
      <div className="composer__channels" role="radiogroup" aria-label="Send as">
        <label className={smsUsable ? 'channel is-selected' : 'channel is-disabled'}>
          <input
            type="radio"
            name={`${id}-channel`}
            value="sms"
            checked={smsUsable}
            disabled={!smsUsable}
            readOnly
          />
          <Icon name="message" size={14} />
          SMS
          {client?.sms?.optedOut && <Badge tone="danger">No SMS</Badge>}
        </label>
        {reason && (
          <span
            className="composer__reason"
            id={`${id}-reason`}
            data-testid="compose-disabled-reason"
          >
            {unavailableText(reason, client)}
          </span>
        )}
      </div>
      <div className={smsUsable ? 'composer__box' : 'composer__box is-disabled'}>
        <label htmlFor={`${id}-body`} className="sr-only">
          Message to {client?.name ?? 'client'}
        </label>
        <textarea
          id={`${id}-body`}
          ref={textarea}
          className="composer__input"
          rows={3}
          placeholder={
            smsUsable
              ? `Text ${client?.name ?? 'your client'}…`
              : 'Texting is unavailable for this client'
          }
          value={body}
          disabled={!smsUsable}
          aria-describedby={reason ? `${id}-reason` : `${id}-counter`}
          onChange={(e) => {
            setBody(e.target.value);
            key.current = newIdempotencyKey();
          }}
          onKeyDown={onKeyDown}
        />
        <div className="composer__footer">
          <div
            className="composer__counter"
            id={`${id}-counter`}
            aria-live="polite"
            data-testid="sms-counter"
          >
            {smsUsable && body && (
              <>
                <span className={tooLong ? 'is-over' : undefined}>
                  {preview ? preview.characters : body.length} / {MAX_CHARS}
                </span>
                {preview && (
                  <>
                    <span aria-hidden="true">·</span>
                    <span>
                      {preview.segments} {preview.segments === 1 ? 'segment' : 'segments'}
                    </span>
                    <span aria-hidden="true">·</span>
                    <span
                      title={
                        preview.encoding === 'UCS-2'
                          ? 'Emoji and some symbols need UCS-2: 70 characters a segment instead of 160.'
                          : undefined
                      }
                    >
                      {preview.encoding}
                    </span>
                  </>
                )}
              </>
            )}
          </div>
          <TemplatePicker
            clientId={clientId}
            client={client}
            disabled={!smsUsable}
            onSent={onSent}
            onEdit={(text) => {
              setBody(text);
              key.current = newIdempotencyKey();
              requestAnimationFrame(() => textarea.current?.focus());
            }}
          />
          <span className="composer__hint" aria-hidden="true">
            ⌘/Ctrl + Enter
          </span>
          <Button
            type="submit"
            variant="primary"
            size="sm"
            icon="send"
            loading={sending}
            disabled={!smsUsable || !body.trim() || tooLong}
          >
            Send
          </Button>
        </div>
      </div>
      {smsUsable && availability?.warning === 'registration_not_approved' && (
        <p
          className="composer__note composer__note--warning"
          data-testid="compose-registration-warning"
        >
          <Icon name="alert" size={13} />
          <span>
            Texts may be blocked by US carriers until your firm’s texting registration is approved.{' '}
            {canEditSettings ? (
              <Link to="/settings/sms#texting-registration">Finish it in Settings → SMS</Link>
            ) : (
              'An owner or admin can finish it in Settings → SMS.'
            )}
          </span>
        </p>
      )}
      {smsUsable && preview?.willIncludeDisclosure && (
        <p className="composer__note" data-testid="disclosure-note">
          <Icon name="info" size={13} /> This is the first text to {client?.name ?? 'this client'},
          so the one-time consent notice (how to opt out with STOP) will be added to it.
        </p>
      )}
      {smsUsable && preview?.encoding === 'UCS-2' && (
        <p className="composer__note">
          <Icon name="info" size={13} /> Emoji or special characters switch this text to UCS-2: 70
          characters a segment instead of 160.
        </p>
      )}
    </form>
  );
}
