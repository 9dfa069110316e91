import { useEffect } from 'react';
import { Layout } from './components/layout';
import { matchPath, navigate, usePathname } from './lib/router';
import { useSession } from './lib/session';
import { ActivityPage } from './pages/activity-page';
import { InboxPage } from './pages/inbox-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-allowed';
import { SmsSettingsPage } from './pages/sms-settings-page';
import { UnmatchedPage } from './pages/unmatched-page';

const TITLES: Array<[string, string]> = [
  ['/inbox', 'Inbox'],
  ['/unmatched', 'Unmatched'],
  ['/activity', 'Activity'],
  ['/settings/sms', 'SMS settings'],
  ['/login', 'Sign in'],
];

function Screen({ path }: { path: string }) {
  if (path === '/inbox') return <InboxPage />;
  const thread = matchPath('/inbox/:clientId', path);
  if (thread) return <InboxPage clientId={thread.clientId} />;
  if (path === '/settings/sms' || path === '/settings') return <SmsSettingsPage />;
  if (path === '/unmatched') return <UnmatchedPage />;
  if (path === '/activity') return <ActivityPage />;
  return <NotFoundPage />;
}

export function App() {
  const { session } = useSession();
  const path = usePathname();

  useEffect(() => {
    if (!session && path !== '/login') navigate('/login', { replace: true });
    if (session && (path === '/login' || path === '/')) navigate('/inbox', { replace: true });
  }, [session, path]);

  useEffect(() => {
    const title = TITLES.find(([prefix]) => path.startsWith(prefix))?.[1];
    document.title = title ? `${title} · Assure Pro SMS` : 'Assure Pro SMS';
  }, [path]);

  if (!session) return path === '/login' ? <LoginPage /> : null;
  if (path === '/login' || path === '/') return null;
  return (
    <Layout>
      <Screen path={path} />
    </Layout>
  );
}
