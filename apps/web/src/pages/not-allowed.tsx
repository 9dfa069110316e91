import { EmptyState } from '../components/ui';
import { Link } from '../lib/router';

export function NotAllowed() {
  return (
    <div className="page page--centered">
      <EmptyState
        icon="lock"
        title="You don’t have access to this page"
        action={
          <Link className="button button--secondary button--md" to="/inbox">
            <span>Go to Inbox</span>
          </Link>
        }
      >
        Your role doesn’t include it. If you need it, ask an owner or admin of your firm.
      </EmptyState>
    </div>
  );
}

export function NotFoundPage() {
  return (
    <div className="page page--centered">
      <EmptyState
        icon="search"
        title="Page not found"
        action={
          <Link className="button button--secondary button--md" to="/inbox">
            <span>Go to Inbox</span>
          </Link>
        }
      >
        The address may be mistyped, or the page has moved.
      </EmptyState>
    </div>
  );
}
