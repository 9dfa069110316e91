import { KeyboardEvent, useEffect, useId, useState } from 'react';
import { api, describeError } from '../api/client';
import type { Client, Page } from '../api/types';
import { useDebounced } from '../lib/hooks';
import { formatPhone } from '../lib/format';
import { Avatar, Badge, Spinner } from './ui';
import { Icon } from './icon';

interface Option {
  id: string;
  name: string;
  detail?: string;
  optedOut?: boolean;
  suggested?: boolean;
}

/**
 * A searchable client combobox (ARIA 1.2 pattern): type to search GET /api/clients, arrows to
 * move, Enter to choose. `suggestions` are shown first, marked as likely matches.
 */
export function ClientPicker({
  label,
  onSelect,
  suggestions = [],
  autoFocus,
  placeholder = 'Search clients by name, phone or email',
}: {
  label: string;
  onSelect(client: { id: string; name: string }): void;
  suggestions?: Array<{ id: string; name: string }>;
  autoFocus?: boolean;
  placeholder?: string;
}) {
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim(), 200);
  const [results, setResults] = useState<Client[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(0);
  const id = useId();

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api
      .get<Page<Client>>('/api/clients', { query: { search, limit: 8 }, signal: controller.signal })
      .then((page) => {
        setResults(page.items);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(describeError(err));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [search]);

  const suggestedIds = new Set(suggestions.map((s) => s.id));
  const options: Option[] = [
    ...(search
      ? []
      : suggestions.map((s) => {
          const known = results?.find((c) => c.id === s.id);
          return {
            id: s.id,
            name: s.name,
            detail: known
              ? [formatPhone(known.phone), known.email].filter(Boolean).join(' · ')
              : undefined,
            optedOut: known?.sms?.optedOut,
            suggested: true,
          };
        })),
    ...(results ?? [])
      .filter((c) => search || !suggestedIds.has(c.id))
      .map((c) => ({
        id: c.id,
        name: c.name,
        detail: [formatPhone(c.phone), c.email].filter(Boolean).join(' · '),
        optedOut: c.sms?.optedOut,
        suggested: suggestedIds.has(c.id),
      })),
  ];

  useEffect(() => setActive(0), [search, results]);

  const choose = (option: Option | undefined) => {
    if (option) onSelect({ id: option.id, name: option.name });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(options[active]);
    }
  };

  const listId = `${id}-list`;
  return (
    <div className="picker">
      <label className="field__label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <div className="input-with-icon">
        <Icon name="search" />
        <input
          id={`${id}-input`}
          className="input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={options[active] ? `${id}-opt-${options[active].id}` : undefined}
          value={query}
          placeholder={placeholder}
          autoFocus={autoFocus}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {loading && <Spinner />}
      </div>
      <ul className="picker__list" id={listId} role="listbox" aria-label="Clients">
        {options.map((option, index) => (
          <li
            key={`${option.suggested ? 's' : 'r'}-${option.id}`}
            id={`${id}-opt-${option.id}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'picker__option is-active' : 'picker__option'}
            onMouseEnter={() => setActive(index)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(option)}
          >
            <Avatar name={option.name} size={28} />
            <span className="picker__text">
              <span className="picker__name">{option.name}</span>
              {option.detail && <span className="picker__detail">{option.detail}</span>}
            </span>
            {option.suggested && <Badge tone="accent">Likely match</Badge>}
            {option.optedOut && <Badge tone="danger">No SMS</Badge>}
          </li>
        ))}
        {!loading && options.length === 0 && !error && (
          <li className="picker__empty" role="presentation">
            {search ? `No clients match “${search}”.` : 'No clients yet.'}
          </li>
        )}
        {error && (
          <li className="picker__empty picker__empty--error" role="presentation">
            {error}
          </li>
        )}
      </ul>
    </div>
  );
}
