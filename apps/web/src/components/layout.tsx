import { ReactNode, useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Page, Permission, Thread, UnmatchedMessage } from '../api/types';
import { useAppEvent, useInterval } from '../lib/hooks';
import { Link, usePathname } from '../lib/router';
import { useSession, useUser } from '../lib/session';
import { Icon, IconName } from './icon';
import { NotificationsBell } from './notifications-bell';
import { Avatar } from './ui';

interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  permission: Permission;
  count?: number;
}

const ROLE_LABEL: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin',
  staff: 'Staff',
  viewer: 'Viewer',
};

/** Unread replies and untriaged texts for the sidebar; quiet when a route isn't there. */
function useNavCounts(canView: boolean, canTriage: boolean) {
  const [unread, setUnread] = useState(0);
  const [unmatched, setUnmatched] = useState(0);
  const refresh = useCallback(async () => {
    if (canView) {
      api
        .get<Page<Thread>>('/api/threads', { query: { limit: 200 } })
        .then((page) => setUnread(page.items.reduce((sum, t) => sum + (t.unreadCount ?? 0), 0)))
        .catch(() => undefined);
    }
    if (canTriage) {
      api
        .get<Page<UnmatchedMessage>>('/api/sms/unmatched', { query: { limit: 50 } })
        .then((page) => setUnmatched(page.items.length))
        .catch(() => undefined);
    }
  }, [canView, canTriage]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useInterval(() => void refresh(), 20000);
  useAppEvent('notification', () => void refresh());
  useAppEvent('threads-changed', () => void refresh());
  return { unread, unmatched };
}

export function Layout({ children }: { children: ReactNode }) {
  const { can, signOut } = useSession();
  const user = useUser();
  const path = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  const counts = useNavCounts(can('messages.view'), can('sms.unmatched.triage'));

  useEffect(() => setMenuOpen(false), [path]);

  const items: NavItem[] = [
    {
      to: '/inbox',
      label: 'Inbox',
      icon: 'inbox',
      permission: 'messages.view',
      count: counts.unread,
    },
    {
      to: '/unmatched',
      label: 'Unmatched',
      icon: 'unmatched',
      permission: 'sms.unmatched.triage',
      count: counts.unmatched,
    },
    { to: '/activity', label: 'Activity', icon: 'activity', permission: 'activity.view' },
    {
      to: '/settings/sms',
      label: 'Settings · SMS',
      icon: 'settings',
      permission: 'firm_settings.view',
    },
  ];

  return (
    <div className="app">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <aside className={menuOpen ? 'sidebar is-open' : 'sidebar'} aria-label="Main">
        <div className="sidebar__brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="message" size={16} />
          </span>
          <span className="brand-name">
            Assure Pro <span className="brand-name__product">SMS</span>
          </span>
        </div>
        <nav className="nav">
          {items
            .filter((item) => can(item.permission))
            .map((item) => {
              const active = path === item.to || path.startsWith(`${item.to}/`);
              return (
                <Link
                  key={item.to}
                  to={item.to}
                  className={active ? 'nav__item is-active' : 'nav__item'}
                  aria-current={active ? 'page' : undefined}
                >
                  <Icon name={item.icon} />
                  <span className="nav__label">{item.label}</span>
                  {item.count ? (
                    <span className="nav__count" aria-label={`${item.count} new`}>
                      {item.count > 99 ? '99+' : item.count}
                    </span>
                  ) : null}
                </Link>
              );
            })}
        </nav>
        <div className="sidebar__footer">
          <Avatar name={user.name} size={30} />
          <div className="sidebar__user">
            <span className="sidebar__user-name">{user.name}</span>
            <span className="sidebar__user-role">{ROLE_LABEL[user.role] ?? user.role}</span>
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label="Sign out"
            title="Sign out"
            onClick={() => signOut()}
          >
            <Icon name="logout" />
          </button>
        </div>
      </aside>
      {menuOpen && <div className="scrim" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
      <div className="main">
        <header className="topbar">
          <button
            type="button"
            className="icon-button topbar__menu"
            aria-label="Open menu"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen((o) => !o)}
          >
            <Icon name="menu" size={18} />
          </button>
          <span className="topbar__brand">
            <span className="brand-mark brand-mark--small" aria-hidden="true">
              <Icon name="message" size={13} />
            </span>
            Assure Pro
          </span>
          <span className="topbar__spacer" />
          <NotificationsBell />
        </header>
        <main id="content" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
