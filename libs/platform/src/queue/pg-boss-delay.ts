import { setTimeout as wait } from 'node:timers/promises';

/**
 * pg-boss's `delay` requires `node:timers/promises` on every call. After a process's module
 * registry is gone (jest tearing a test file down while pg-boss still checks its stopped workers
 * once a second) that late require throws and takes the process with it. The same function with
 * the module loaded once, installed before pg-boss reads it.
 */
function delay(ms: number, error?: string): Promise<void> & { abort(): void } {
  const controller = new AbortController();
  const promise = new Promise<void>((resolve, reject) => {
    wait(ms, null, { signal: controller.signal })
      .then(() => (error ? reject(new Error(error)) : resolve()))
      .catch(() => resolve());
  }) as Promise<void> & { abort(): void };
  promise.abort = () => {
    if (!controller.signal.aborted) controller.abort();
  };
  return promise;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tools = require('pg-boss/src/tools') as { delay: typeof delay };
tools.delay = delay;
