import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { installLeanAsyncResourceBind } from './async-resource-bind';

installLeanAsyncResourceBind();

describe('AsyncResource#bind', () => {
  const context = new AsyncLocalStorage<string>();

  it('runs the callback in the async context the resource was made in', () => {
    const resource = context.run('request 1', () => new AsyncResource('test'));
    const bound = resource.bind(() => context.getStore());
    expect(context.run('request 2', () => bound())).toBe('request 1');
    const viaStatic = context.run('request 3', () => AsyncResource.bind(() => context.getStore()));
    expect(context.run('request 4', () => viaStatic())).toBe('request 3');
  });

  it("passes the caller's this and arguments through, and returns the callback's result", () => {
    const resource = new AsyncResource('test');
    const bound = resource.bind(function (this: { base: number }, a: number, b: number) {
      return this.base + a + b;
    });
    expect(bound.call({ base: 100 }, 20, 3)).toBe(123);
    expect(bound.length).toBe(2);
    expect((bound as unknown as { asyncResource: AsyncResource }).asyncResource).toBe(resource);
  });

  it('uses thisArg when one is given', () => {
    const owner = { name: 'owner' };
    // Node's signature is bind(fn[, thisArg]); its type declarations leave thisArg out.
    const bindWith = AsyncResource.prototype.bind as (
      this: AsyncResource,
      fn: (this: typeof owner) => string,
      thisArg: typeof owner,
    ) => (this: unknown) => string;
    const bound = bindWith.call(
      new AsyncResource('test'),
      function (this: typeof owner) {
        return this.name;
      },
      owner,
    );
    expect(bound.call({ name: 'caller' })).toBe('owner');
  });

  it('refuses a callback that is not a function', () => {
    expect(() => new AsyncResource('test').bind(42 as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  it('is installed once however often it is asked for', () => {
    const bind = AsyncResource.prototype.bind;
    installLeanAsyncResourceBind();
    expect(AsyncResource.prototype.bind).toBe(bind);
  });

  it('leaves nothing in the old generation for the full GC to collect', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const oldSpace = () =>
      getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;
    const resource = new AsyncResource('test');
    const bindMany = (n: number) => {
      for (let i = 0; i < n; i++) resource.bind(() => i);
    };
    bindMany(2_000);
    gc();
    const before = oldSpace();
    bindMany(20_000);
    // Node 20's own bind leaves over a kilobyte per call here (new hidden classes).
    expect((oldSpace() - before) / 20_000).toBeLessThan(32);
  });
});
