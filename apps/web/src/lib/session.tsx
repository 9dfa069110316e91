import {
  ReactNode,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { api, onUnauthorized, setAccessToken } from '../api/client';
import type { LoginResult, Permission, User } from '../api/types';
import { navigate } from './router';

const STORAGE_KEY = 'assure-pro.session';

interface Session {
  token: string;
  user: User;
}

interface SessionContextValue {
  session: Session | null;
  signIn(result: LoginResult): void;
  signOut(reason?: 'expired'): void;
  can(permission: Permission): boolean;
  /** Set when the last session ended because the server refused the token. */
  expired: boolean;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function readStored(): Session | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    return parsed?.token && parsed.user ? parsed : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => {
    const stored = readStored();
    setAccessToken(stored?.token ?? null);
    return stored;
  });
  const [expired, setExpired] = useState(false);

  const signOut = useCallback((reason?: 'expired') => {
    window.localStorage.removeItem(STORAGE_KEY);
    setAccessToken(null);
    setSession(null);
    setExpired(reason === 'expired');
    navigate('/login', { replace: true });
  }, []);

  const signIn = useCallback((result: LoginResult) => {
    const next = { token: result.accessToken, user: result.user };
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setAccessToken(next.token);
    setExpired(false);
    setSession(next);
  }, []);

  useEffect(() => onUnauthorized(() => signOut('expired')), [signOut]);

  // Refresh the person's role and permissions: an admin may have changed them since sign-in.
  const token = session?.token;
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    api
      .get<User>('/api/me')
      .then((user) => {
        if (cancelled) return;
        setSession((current) => {
          if (!current || current.token !== token) return current;
          const next = { token, user };
          window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
          return next;
        });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [token]);

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      signIn,
      signOut,
      expired,
      can: (permission) => Boolean(session?.user.permissions.includes(permission)),
    }),
    [session, signIn, signOut, expired],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** For screens behind sign-in: the session is always there. */
export function useUser(): User {
  const { session } = useSession();
  if (!session) throw new Error('useUser without a session');
  return session.user;
}
