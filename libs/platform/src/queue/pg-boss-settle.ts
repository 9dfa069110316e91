/**
 * pg-boss's work loop completes (or fails) each batch without awaiting the promise. When the
 * database was unreachable at that moment (a restart, a failover) the rejection was unhandled
 * and Node ended the process; the batch would also have stayed active until it expired. Here
 * `complete` and `fail` retry through a short outage (0.25 s, doubling to 8 s, about 30 s in
 * all), and their promise always has a handler, so an unawaited one cannot end the process. A
 * caller that awaits one still gets its final rejection; a batch whose outcome could not be
 * recorded stays active and runs again once it expires (every handler tolerates running twice).
 */
type Settles = (this: unknown, ...args: unknown[]) => Promise<unknown>;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Manager = require('pg-boss/src/manager') as {
  prototype: Record<'complete' | 'fail', Settles> & { __settleRetried?: true };
};

/** Retries after the first attempt: 0.25 + 0.5 + … + 8 + 8 s ≈ 30 s. */
const RETRIES = 8;

let warn: (message: string) => void = () => undefined;

/** Where the retries are reported (the queue's logger). */
export function reportSettleRetries(log: (message: string) => void): void {
  warn = log;
}

async function withRetries(method: string, attempt: () => Promise<unknown>): Promise<unknown> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry >= RETRIES) throw error;
      warn(`could not ${method} jobs (${(error as Error).message}); retrying`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** retry, 8_000)));
    }
  }
}

export function retrySettles(): void {
  const proto = Manager.prototype;
  if (proto.__settleRetried) return;
  for (const method of ['complete', 'fail'] as const) {
    const original = proto[method];
    // Named as the original: pg-boss publishes its manager's methods under their names.
    const named = {
      [method](this: unknown, ...args: unknown[]) {
        const settling = withRetries(method, () => original.apply(this, args));
        settling.catch(() => undefined);
        return settling;
      },
    };
    proto[method] = named[method];
  }
  proto.__settleRetried = true;
}

retrySettles();
