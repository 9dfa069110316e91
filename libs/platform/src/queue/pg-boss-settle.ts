/**
 * pg-boss's work loop completes (or fails) each batch without awaiting the promise. When the
 * database is unreachable at that moment (a restart, a failover) the rejection is unhandled and
 * Node ends the process. With this, every such promise has a handler attached; a caller that
 * awaits it still gets its rejection. A batch left active that way is retried once it expires,
 * and `JobQueue` completes its batches itself first, retrying through a short outage.
 */
type Settles = (this: unknown, ...args: unknown[]) => Promise<unknown>;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Manager = require('pg-boss/src/manager') as {
  prototype: Record<'complete' | 'fail', Settles> & { __settleHandled?: true };
};

export function handleSettleRejections(): void {
  const proto = Manager.prototype;
  if (proto.__settleHandled) return;
  for (const method of ['complete', 'fail'] as const) {
    const original = proto[method];
    // Named as the original: pg-boss publishes its manager's methods under their names.
    const named = {
      [method](this: unknown, ...args: unknown[]) {
        const settling = original.apply(this, args);
        settling.catch(() => undefined);
        return settling;
      },
    };
    proto[method] = named[method];
  }
  proto.__settleHandled = true;
}

handleSettleRejections();
