/**
 * V8 flags the long-running processes (API, worker) start with. V8 reads them when it sets up
 * the heap, so `v8.setFlagsFromString` at start-up (apps/api/src/runtime-flags.ts, for the flags
 * V8 reads later) is too late for them, and NODE_OPTIONS refuses them. Each launcher puts them
 * on its own command line: `npm start` (scripts/start.js), the image's CMD and the compose worker
 * (a spec checks those two), and the bench.
 *
 * --no-memory-reducer: V8's memory reducer runs full collections once a process has allocated
 * little for ~8 s, and shrinks the heap, young generation included. A server's quiet spell is
 * followed by a burst (a firm's mass reminder, the morning's replies), which then paid for
 * growing the heap back: scavenges every ~25 ms and a full collection in its first second. In
 * `npm run bench` (outbound accept at half the peak, started after 12 s idle instead of 1 s),
 * that first second's p99 over six runs each was 57-1786 ms (median ~290) without the flag and
 * 43-418 ms (median ~95) with it. The heap is capped anyway (--max-old-space-size in the
 * image), so an idle process keeps at most what it had under load.
 */
const NODE_FLAGS = ['--no-memory-reducer'];

module.exports = { NODE_FLAGS };
