import { FormEvent, Fragment, ReactNode, useId, useLayoutEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import { MERGE_FIELDS } from '../api/types';
import type { MergeField, SmsTemplate } from '../api/types';
import { Dialog } from '../components/dialog';
import { Badge, Button, Callout, EmptyState, Skeleton } from '../components/ui';
import { useResource } from '../lib/hooks';
import { useToast } from '../lib/toast';

const MAX_CHARS = 1600;

export function fieldLabel(field: string): string {
  return MERGE_FIELDS.find((f) => f.field === field)?.label ?? field;
}

/** Shows a template body with its {{merge.fields}} highlighted. */
export function TemplateBody({ body }: { body: string }) {
  const parts: ReactNode[] = [];
  const pattern = /\{\{\s*[\w.]+\s*\}\}/g;
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(<Fragment key={`t${last}`}>{body.slice(last, at)}</Fragment>);
    parts.push(
      <mark key={`m${at}`} className="merge-field">
        {match[0]}
      </mark>,
    );
    last = at + match[0].length;
  }
  if (last < body.length) parts.push(<Fragment key={`t${last}`}>{body.slice(last)}</Fragment>);
  return <span className="template-body">{parts}</span>;
}

/** Settings → SMS → Templates: saved texts with merge fields, managed by owners and admins. */
export function TemplatesSection({ canEdit }: { canEdit: boolean }) {
  const templates = useResource(() => api.get<{ items: SmsTemplate[] }>('/api/sms/templates'), []);
  const [editing, setEditing] = useState<SmsTemplate | 'new' | null>(null);
  const [deleting, setDeleting] = useState<SmsTemplate | null>(null);
  const items = templates.data?.items ?? [];

  return (
    <section className="section" aria-labelledby="templates-heading" data-testid="templates">
      <div className="section__header">
        <h2 id="templates-heading" className="section__title">
          Templates
        </h2>
        {canEdit && (
          <Button size="sm" variant="secondary" icon="plus" onClick={() => setEditing('new')}>
            New template
          </Button>
        )}
      </div>
      {templates.loading && !templates.data ? (
        <div className="card" aria-busy="true" role="status" aria-label="Loading templates">
          <div className="stack-xs">
            <Skeleton width="30%" />
            <Skeleton width="80%" />
          </div>
        </div>
      ) : templates.error && !templates.data ? (
        <Callout tone="danger" title="Couldn’t load templates">
          {(templates.error as Error).message}{' '}
          <button type="button" className="link-button" onClick={() => void templates.reload()}>
            Try again
          </button>
        </Callout>
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState icon="message" title="No templates yet" compact>
            {canEdit
              ? 'Save texts you send often, like “your return is ready to sign”, and send them from any conversation.'
              : 'An owner or admin can save texts your firm sends often here.'}
          </EmptyState>
        </div>
      ) : (
        <ul className="card template-list" aria-label="Templates">
          {items.map((t) => (
            <li key={t.id} className="template-list__row" data-testid="template-row">
              <div className="template-list__main">
                <span className="template-list__name">{t.name}</span>
                <p className="template-list__body">
                  <TemplateBody body={t.body} />
                </p>
                {t.fields.length > 0 && (
                  <div className="template-list__fields" aria-label="Merge fields">
                    {t.fields.map((f) => (
                      <Badge key={f} tone="accent">
                        {fieldLabel(f)}
                      </Badge>
                    ))}
                  </div>
                )}
              </div>
              {canEdit && (
                <div className="template-list__actions">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setEditing(t)}
                    aria-label={`Edit ${t.name}`}
                  >
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    variant="danger-outline"
                    onClick={() => setDeleting(t)}
                    aria-label={`Delete ${t.name}`}
                  >
                    Delete
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <>
          <TemplateDialog
            key={editing === 'new' ? 'new' : (editing?.id ?? 'closed')}
            template={editing}
            onClose={() => setEditing(null)}
            onSaved={(saved) => {
              templates.setData((current) => {
                const list = current?.items ?? [];
                const exists = list.some((t) => t.id === saved.id);
                return {
                  items: exists
                    ? list.map((t) => (t.id === saved.id ? saved : t))
                    : [...list, saved],
                };
              });
              setEditing(null);
              void templates.reload();
            }}
          />
          <DeleteTemplateDialog
            template={deleting}
            onClose={() => setDeleting(null)}
            onDeleted={(gone) => {
              templates.setData((current) => ({
                items: (current?.items ?? []).filter((t) => t.id !== gone.id),
              }));
              setDeleting(null);
            }}
          />
        </>
      )}
    </section>
  );
}

function TemplateDialog({
  template,
  onClose,
  onSaved,
}: {
  template: SmsTemplate | 'new' | null;
  onClose(): void;
  onSaved(template: SmsTemplate): void;
}) {
  const existing = template && template !== 'new' ? template : null;
  const [name, setName] = useState(existing?.name ?? '');
  const [body, setBody] = useState(existing?.body ?? '');
  const [busy, setBusy] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const toast = useToast();
  const id = useId();

  // Where the caret goes once an inserted merge field is on screen. Placed in a layout effect,
  // before the browser handles another key: placed later (a frame later, say), it would pull
  // the caret back from under what the user typed meanwhile.
  const caretAfterInsert = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = caretAfterInsert.current;
    if (at === null) return;
    caretAfterInsert.current = null;
    bodyRef.current?.focus();
    bodyRef.current?.setSelectionRange(at, at);
  }, [body]);

  const insert = (field: MergeField) => {
    const token = `{{${field}}}`;
    const el = bodyRef.current;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    caretAfterInsert.current = start + token.length;
    setBody(body.slice(0, start) + token + body.slice(end));
    setBodyError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNameError(null);
    setBodyError(null);
    setFormError(null);
    let bad = false;
    if (!name.trim()) {
      setNameError('Give the template a name.');
      bad = true;
    }
    if (!body.trim()) {
      setBodyError('Write the text to send.');
      bad = true;
    }
    if (bad) return;
    setBusy(true);
    try {
      const payload = { name: name.trim(), body };
      const saved = existing
        ? await api.patch<SmsTemplate>(`/api/sms/templates/${existing.id}`, payload)
        : await api.post<SmsTemplate>('/api/sms/templates', payload);
      toast.success(existing ? `“${saved.name}” saved` : `“${saved.name}” created`);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'template_name_taken') {
        setNameError(err.detail || 'Another template already has this name.');
      } else if (err instanceof ApiError && err.status === 400) {
        let placed = false;
        for (const e of err.errors) {
          if (e.field === 'name' || e.field.endsWith('.name')) {
            setNameError(e.message);
            placed = true;
          } else if (e.field === 'body' || e.field.endsWith('.body')) {
            setBodyError(e.message);
            placed = true;
          }
        }
        if (!placed) setFormError(err.detail);
      } else {
        setFormError(err instanceof Error ? err.message : 'Couldn’t save the template.');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={template !== null}
      title={existing ? `Edit “${existing.name}”` : 'New template'}
      onClose={onClose}
    >
      <form onSubmit={submit} className="stack-md" noValidate data-testid="template-form">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-name`}>
            Name
          </label>
          <input
            id={`${id}-name`}
            className="input"
            autoComplete="off"
            maxLength={80}
            placeholder="Return ready"
            value={name}
            autoFocus
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setNameError(null);
            }}
          />
          {nameError && (
            <p id={`${id}-name-error`} className="field__error">
              {nameError}
            </p>
          )}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-body`}>
            Text
          </label>
          <div className="merge-buttons" role="group" aria-label="Insert a merge field">
            {MERGE_FIELDS.map((f) => (
              <Button
                key={f.field}
                size="sm"
                variant="ghost"
                icon="plus"
                onClick={() => insert(f.field)}
                title={`Insert {{${f.field}}}`}
              >
                {f.label}
              </Button>
            ))}
          </div>
          <textarea
            id={`${id}-body`}
            ref={bodyRef}
            className="input template-input"
            rows={5}
            maxLength={MAX_CHARS}
            placeholder="Hi {{client.firstName}}, your return is ready to sign. – {{member.firstName}}, {{firm.name}}"
            value={body}
            aria-invalid={bodyError ? true : undefined}
            aria-describedby={bodyError ? `${id}-body-error` : `${id}-body-hint`}
            onChange={(e) => {
              setBody(e.target.value);
              setBodyError(null);
            }}
          />
          {bodyError ? (
            <p id={`${id}-body-error`} className="field__error">
              {bodyError}
            </p>
          ) : (
            <p id={`${id}-body-hint`} className="field__hint">
              Merge fields are filled in for each client when you send. A field with nothing on file
              is left out.
            </p>
          )}
        </div>
        {formError && (
          <p className="field__error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy}>
            {existing ? 'Save template' : 'Create template'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteTemplateDialog({
  template,
  onClose,
  onDeleted,
}: {
  template: SmsTemplate | null;
  onClose(): void;
  onDeleted(template: SmsTemplate): void;
}) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const remove = async () => {
    if (!template) return;
    setBusy(true);
    try {
      await api.delete(`/api/sms/templates/${template.id}`);
      toast.success(`“${template.name}” deleted`);
      onDeleted(template);
    } catch (err) {
      toast.error(err, 'Couldn’t delete the template');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={template !== null}
      title={`Delete “${template?.name ?? ''}”?`}
      onClose={onClose}
      tone="danger"
    >
      <div className="stack-md">
        <p className="dialog__text">
          Nobody at your firm will be able to send it any more. Texts already sent aren’t affected.
        </p>
        <div className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" loading={busy} onClick={() => void remove()}>
            Delete template
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
