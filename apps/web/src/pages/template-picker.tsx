import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Client, Message, RenderedTemplate, SmsTemplate } from '../api/types';
import { Icon } from '../components/icon';
import { Button, Callout, Spinner } from '../components/ui';
import { newIdempotencyKey } from '../lib/format';
import { useToast } from '../lib/toast';
import { TemplateBody } from './sms-templates';

function missingText(field: string): string {
  const who = 'this client';
  switch (field) {
    case 'client.firstName':
      return `No first name on file for ${who} — it will be left out.`;
    case 'client.name':
      return `No name on file for ${who} — it will be left out.`;
    case 'firm.name':
      return 'Your firm has no name on file — it will be left out.';
    case 'member.firstName':
      return 'Your profile has no first name — it will be left out.';
    default:
      return `Nothing on file for {{${field}}} — it will be left out.`;
  }
}

/**
 * The composer's "Templates" button: lists the firm's templates, renders the chosen one for this
 * client (POST /api/sms/templates/:id/render), and sends it as { channel: 'sms', templateId }, or
 * hands the rendered text to the compose box to edit first.
 */
export function TemplatePicker({
  clientId,
  client,
  disabled,
  onSent,
  onEdit,
}: {
  clientId: string;
  client: Client | undefined;
  disabled?: boolean;
  onSent(message: Message): void;
  onEdit(text: string): void;
}) {
  const [open, setOpen] = useState(false);
  const [templates, setTemplates] = useState<SmsTemplate[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<SmsTemplate | null>(null);
  const [rendered, setRendered] = useState<RenderedTemplate | null>(null);
  const [renderError, setRenderError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const key = useRef(newIdempotencyKey());
  const panel = useRef<HTMLDivElement>(null);
  const toast = useToast();

  useEffect(() => {
    if (!open) return;
    setListError(null);
    const controller = new AbortController();
    api
      .get<{ items: SmsTemplate[] }>('/api/sms/templates', { signal: controller.signal })
      .then((answer) => setTemplates(answer.items))
      .catch((err) => {
        if (!(err instanceof DOMException)) setListError(err);
      });
    return () => controller.abort();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const close = () => {
    setOpen(false);
    setChosen(null);
    setRendered(null);
    setRenderError(null);
  };

  const choose = async (template: SmsTemplate) => {
    setChosen(template);
    setRendered(null);
    setRenderError(null);
    key.current = newIdempotencyKey();
    try {
      setRendered(
        await api.post<RenderedTemplate>(`/api/sms/templates/${template.id}/render`, { clientId }),
      );
    } catch (err) {
      setRenderError(err);
    }
  };

  const send = async () => {
    if (!chosen || sending) return;
    setSending(true);
    try {
      const message = await api.post<Message>(
        `/api/clients/${clientId}/messages`,
        { channel: 'sms', templateId: chosen.id },
        { headers: { 'Idempotency-Key': key.current } },
      );
      key.current = newIdempotencyKey();
      close();
      onSent(message);
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

  return (
    <div className="template-picker">
      <Button
        size="sm"
        variant="ghost"
        icon="sparkles"
        disabled={disabled}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => (open ? close() : setOpen(true))}
      >
        Templates
      </Button>
      {open && (
        <div
          ref={panel}
          className="template-picker__panel card"
          role="dialog"
          aria-label={chosen ? `Template: ${chosen.name}` : 'Choose a template'}
          data-testid="template-picker"
        >
          {!chosen ? (
            listError ? (
              <Callout tone="danger" title="Couldn’t load templates">
                {(listError as Error).message}
              </Callout>
            ) : !templates ? (
              <div className="template-picker__loading">
                <Spinner label="Loading templates" />
              </div>
            ) : templates.length === 0 ? (
              <p className="template-picker__empty">
                No templates yet. An owner or admin can add them in Settings → SMS.
              </p>
            ) : (
              <ul className="template-picker__list" aria-label="Templates">
                {templates.map((t) => (
                  <li key={t.id}>
                    <button
                      type="button"
                      className="template-picker__option"
                      onClick={() => void choose(t)}
                    >
                      <span className="template-picker__name">{t.name}</span>
                      <span className="template-picker__snippet">
                        <TemplateBody body={t.body} />
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )
          ) : (
            <div className="stack-md" data-testid="template-preview">
              <div className="template-picker__head">
                <button type="button" className="link-button" onClick={() => setChosen(null)}>
                  <Icon name="chevron-left" size={13} /> All templates
                </button>
                <span className="template-picker__name">{chosen.name}</span>
              </div>
              {renderError ? (
                <Callout tone="danger" title="Couldn’t prepare this template">
                  {(renderError as Error).message}
                </Callout>
              ) : !rendered ? (
                <div className="template-picker__loading">
                  <Spinner label="Preparing the text" />
                </div>
              ) : (
                <>
                  <p className="template-picker__rendered" data-testid="template-rendered">
                    {rendered.body}
                  </p>
                  <p className="composer__counter">
                    {rendered.segments} {rendered.segments === 1 ? 'segment' : 'segments'} ·{' '}
                    {rendered.encoding}
                  </p>
                  {rendered.missingFields.length > 0 && (
                    <Callout tone="warning" title="Some details are missing">
                      <ul className="template-picker__missing" data-testid="template-missing">
                        {rendered.missingFields.map((f) => (
                          <li key={f}>{missingText(f)}</li>
                        ))}
                      </ul>
                    </Callout>
                  )}
                  {rendered.willIncludeDisclosure && (
                    <p className="composer__note">
                      <Icon name="info" size={13} /> This is the first text to{' '}
                      {client?.name ?? 'this client'}, so the one-time consent notice will be added.
                    </p>
                  )}
                  <div className="dialog__actions">
                    <Button size="sm" onClick={close}>
                      Cancel
                    </Button>
                    <Button
                      size="sm"
                      onClick={() => {
                        onEdit(rendered.body);
                        close();
                      }}
                    >
                      Edit before sending
                    </Button>
                    <Button
                      size="sm"
                      variant="primary"
                      icon="send"
                      loading={sending}
                      onClick={() => void send()}
                    >
                      Send
                    </Button>
                  </div>
                </>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
