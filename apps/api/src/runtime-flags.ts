import { setFlagsFromString } from 'node:v8';

/**
 * V8 tuning for the API and worker processes, set before anything else is loaded. Only flags V8
 * reads as it runs can be set this way; those it reads when it sets up the heap go on the
 * launchers' command lines (scripts/node-flags.js).
 *
 * Allocation-site pretenuring: V8 watches which allocation sites' objects survive a young-
 * generation collection, and from then on allocates a site's objects straight in the old
 * generation. Under a steady webhook load it decided so for sites whose objects die within
 * milliseconds (texts and requests in flight while a collection happened), so the old generation
 * filled with garbage at ~0.85 MB/s at half the inbound peak and a full collection, which stalls
 * every request in flight on a 2-core machine, came every 10-15 s. Without it the old generation
 * grew ~0.06 MB/s under the same load (`npm run bench`, inbound).
 */
setFlagsFromString('--no-allocation-site-pretenuring');
