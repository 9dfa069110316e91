import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api, describeError } from '../api/client';
import type { DemoInfo, DemoLogin, LoginResult } from '../api/types';
import { Icon } from '../components/icon';
import { Badge, Button, Callout } from '../components/ui';
import { useSession } from '../lib/session';

const ROLE_TEXT: Record<string, string> = {
  owner: 'Everything, including the firm’s number',
  admin: 'Everything but ownership',
  staff: 'Texts clients; sees settings',
  viewer: 'Reads conversations',
};

export function LoginPage() {
  const { signIn, expired } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoInfo | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    api
      .get<DemoInfo>('/api/demo')
      .then(setDemo)
      .catch(() => setDemo(null));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const result = await api.post<LoginResult>('/api/auth/login', {
        email: email.trim(),
        password,
      });
      signIn(result);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'invalid_credentials'
          ? 'That email and password don’t match an account. Check them and try again.'
          : describeError(err),
      );
      setBusy(false);
    }
  };

  const fill = (login: DemoLogin) => {
    setEmail(login.email);
    setPassword(login.password);
    setError(null);
    submitRef.current?.focus();
  };

  return (
    <div className="auth">
      <div className="auth__panel">
        <div className="auth__brand">
          <span className="brand-mark brand-mark--large" aria-hidden="true">
            <Icon name="message" size={20} />
          </span>
          <h1 className="auth__title">Sign in to Assure Pro SMS</h1>
          <p className="auth__subtitle">Text your clients from your firm’s own number.</p>
        </div>
        <form className="card auth__card" onSubmit={submit} noValidate>
          {expired && !error && (
            <Callout tone="info">
              Your session ended. Sign in again to pick up where you left off.
            </Callout>
          )}
          <div className="field">
            <label className="field__label" htmlFor={`${id}-email`}>
              Work email
            </label>
            <input
              id={`${id}-email`}
              className="input"
              type="email"
              autoComplete="username"
              value={email}
              required
              autoFocus
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-password`}>
              Password
            </label>
            <input
              id={`${id}-password`}
              ref={passwordRef}
              className="input"
              type="password"
              autoComplete="current-password"
              value={password}
              required
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
          </div>
          {error && (
            <p id={`${id}-error`} className="field__error" role="alert">
              {error}
            </p>
          )}
          <Button
            ref={submitRef}
            type="submit"
            variant="primary"
            className="button--block"
            loading={busy}
            disabled={!email || !password}
          >
            Sign in
          </Button>
        </form>
        {demo?.demo && demo.logins.length > 0 && (
          <section className="card demo" aria-labelledby={`${id}-demo`}>
            <div className="demo__header">
              <h2 id={`${id}-demo`} className="demo__title">
                <Icon name="sparkles" /> Demo firm: Hill &amp; Dale CPAs
              </h2>
              <p className="demo__hint">Choose a person to fill in their sign-in details.</p>
            </div>
            <ul className="demo__list">
              {demo.logins.map((login) => (
                <li key={login.email}>
                  <button type="button" className="demo__login" onClick={() => fill(login)}>
                    <span className="demo__who">
                      <span className="demo__name">{login.name}</span>
                      <span className="demo__email">{login.email}</span>
                      <span className="demo__role-text">{ROLE_TEXT[login.role]}</span>
                    </span>
                    <Badge
                      tone={login.role === 'owner' || login.role === 'admin' ? 'accent' : 'neutral'}
                    >
                      {login.role}
                    </Badge>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
