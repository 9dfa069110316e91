import { FormEvent, useEffect, useId, useState } from 'react';
import { api } from '../api/client';
import type { Client, DemoInfo } from '../api/types';
import { Button } from '../components/ui';
import { Icon } from '../components/icon';
import { formatPhone, newIdempotencyKey } from '../lib/format';
import { useSession } from '../lib/session';
import { useToast } from '../lib/toast';

let probe: { token: string | null; answer: Promise<boolean> } | null = null;

/** Whether the server runs the sandbox carrier, where a person may play the client. */
function probeSandbox(token: string | null): Promise<boolean> {
  if (!probe || probe.token !== token) {
    probe = {
      token,
      answer: api
        .get<DemoInfo>('/api/demo')
        .then((info) => info.carrier === 'sandbox')
        .catch(() => false),
    };
  }
  return probe.answer;
}

export function useSandbox(): boolean {
  const { can, session } = useSession();
  const allowed = can('firm_settings.edit');
  const [available, setAvailable] = useState(false);
  const token = session?.token ?? null;
  useEffect(() => {
    if (!allowed) return;
    let cancelled = false;
    void probeSandbox(token).then((yes) => {
      if (!cancelled) setAvailable(yes);
    });
    return () => {
      cancelled = true;
    };
  }, [allowed, token]);
  return allowed && available;
}

/** Lets a person trying the product play the client: a text "from" the client's phone. */
export function SimulateReply({
  client,
  onClose,
  onSent,
}: {
  client: Client;
  onClose(): void;
  onSent(): void;
}) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const id = useId();
  const firstName = client.name.split(/\s+/)[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() || !client.phone) return;
    setBusy(true);
    try {
      await api.post(
        '/api/sandbox/inbound',
        { from: client.phone, body: body.trim() },
        { headers: { 'Idempotency-Key': newIdempotencyKey() } },
      );
      setBody('');
      onSent();
    } catch (error) {
      toast.error(error, 'Couldn’t simulate the reply');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sandbox" onSubmit={submit} data-testid="simulate-reply">
      <div className="sandbox__header">
        <span className="sandbox__tag">
          <Icon name="flask" size={13} /> Sandbox
        </span>
        <span className="sandbox__text">
          Play {client.name}: this text arrives from {formatPhone(client.phone)} as if they sent it.
        </span>
        <button
          type="button"
          className="icon-button icon-button--small"
          aria-label="Close the simulator"
          onClick={onClose}
        >
          <Icon name="x" />
        </button>
      </div>
      <div className="sandbox__row">
        <label htmlFor={`${id}-body`} className="sr-only">
          Text from {client.name}
        </label>
        <input
          id={`${id}-body`}
          className="input"
          placeholder={`What does ${firstName} text back? Try “Thanks!” or STOP`}
          value={body}
          autoFocus
          onChange={(e) => setBody(e.target.value)}
        />
        <Button type="submit" size="sm" loading={busy} disabled={!body.trim()}>
          Send as {firstName}
        </Button>
      </div>
    </form>
  );
}
