import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
  setData(update: T | ((current: T | undefined) => T | undefined)): void;
}

/**
 * Loads data for a screen. `reload` refreshes in the background (the old data stays on screen),
 * which is what polling and refresh-after-write want.
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const run = useCallback(async (background: boolean) => {
    const mine = ++generation.current;
    if (!background) setLoading(true);
    try {
      const result = await loader.current();
      if (mine !== generation.current) return;
      setDataState(result);
      setError(null);
    } catch (err) {
      if (mine !== generation.current) return;
      setError(err);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setDataState(undefined);
    void run(false);
    return () => {
      generation.current++;
    };
  }, deps);

  const reload = useCallback(() => run(true), [run]);
  const setData = useCallback((update: T | ((current: T | undefined) => T | undefined)) => {
    setDataState((current) =>
      typeof update === 'function'
        ? (update as (c: T | undefined) => T | undefined)(current)
        : update,
    );
  }, []);
  return { data, error, loading, reload, setData };
}

/** Calls `callback` every `ms` while the tab is visible; `null` pauses. */
export function useInterval(callback: () => void, ms: number | null): void {
  const saved = useRef(callback);
  saved.current = callback;
  useEffect(() => {
    if (ms === null) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') saved.current();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms]);
}

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

/** In-page events between screens (a new notification, a thread read, a number claimed). */
export type AppEventName = 'notification' | 'threads-changed';

export function emitAppEvent(name: AppEventName, detail?: unknown): void {
  window.dispatchEvent(new CustomEvent(`assure:${name}`, { detail }));
}

export function useAppEvent(name: AppEventName, handler: (detail: unknown) => void): void {
  const saved = useRef(handler);
  saved.current = handler;
  useEffect(() => {
    const listener = (event: Event) => saved.current((event as CustomEvent).detail);
    window.addEventListener(`assure:${name}`, listener);
    return () => window.removeEventListener(`assure:${name}`, listener);
  }, [name]);
}

/** Re-renders every `ms` so relative times ("2 minutes ago") stay true. */
export function useNow(ms = 30000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}
