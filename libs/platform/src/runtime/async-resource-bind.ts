import { AsyncResource } from 'node:async_hooks';

const INSTALLED = Symbol.for('assure-pro.lean-async-resource-bind');

type Bindable = (...args: unknown[]) => unknown;

/**
 * Replaces `AsyncResource.prototype.bind` with one that leaves no garbage in the old
 * generation.
 *
 * Node 20's `bind` gives every function it returns the deprecated `asyncResource` accessor
 * (DEP0172), made of two fresh `deprecate()` wrappers whose prototypes it sets with
 * `Object.setPrototypeOf`. Each call therefore allocates new hidden classes, which V8 keeps in
 * old space, and they reach the bound callback's closure. Fastify binds its body-parser callback
 * once for every request with a body, and Nest binds every interceptor of every request, so each
 * such request left an old-space object holding its whole object graph (request, reply, the
 * handler's entities). The young-generation GC could not free any of it: it was all promoted,
 * and the old generation filled at megabytes a second. The full collections that followed, a
 * few seconds apart, were what set the p99 latency of the webhooks and of sending.
 *
 * This `bind` behaves the same: the returned function runs `fn` in the resource's async scope,
 * with the caller's `this` (or `thisArg` when given) and arguments, returns what `fn` returns,
 * has `fn`'s `length`, and exposes the resource as `asyncResource`. It is built from plain data
 * properties, so binding allocates nothing beyond the function itself.
 */
export function installLeanAsyncResourceBind(): void {
  const prototype = AsyncResource.prototype as unknown as Record<symbol, boolean>;
  if (prototype[INSTALLED]) return;
  Object.defineProperty(AsyncResource.prototype, 'bind', {
    configurable: true,
    enumerable: false,
    writable: true,
    value: function bind(this: AsyncResource, fn: Bindable, thisArg?: unknown) {
      return bindTo(this, fn, thisArg);
    },
  });
  Object.defineProperty(AsyncResource.prototype, INSTALLED, { value: true });
}

function bindTo(resource: AsyncResource, fn: Bindable, thisArg: unknown): Bindable {
  if (typeof fn !== 'function') {
    throw Object.assign(
      new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`),
      { code: 'ERR_INVALID_ARG_TYPE' },
    );
  }
  const bound: Bindable =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
      : resource.runInAsyncScope.bind(resource, fn, thisArg);
  Object.defineProperties(bound, {
    length: { configurable: true, enumerable: false, writable: false, value: fn.length },
    asyncResource: { configurable: true, enumerable: true, writable: true, value: resource },
  });
  return bound;
}
