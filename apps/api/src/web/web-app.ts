import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Paths that belong to the server; everything else a browser asks for is the web app's. */
const SERVER_PATHS = /^\/(api|webhooks|health|metrics|docs)(?=[/?-]|$)/;
const FILE_LIKE = /\/[^/]*\.[A-Za-z0-9]+$/;

/** apps/web/dist, found both from the sources (ts) and from the compiled dist/ tree. */
export function webDistDir(): string | null {
  const candidates = [
    resolve(__dirname, '../../../../apps/web/dist'),
    resolve(__dirname, '../../../../../apps/web/dist'),
    resolve(process.cwd(), 'apps/web/dist'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the built single-page app at `/` when it has been built, with the history-API fallback:
 * a GET for a page (accepts text/html, not a server path, not a file) answers index.html.
 */
export async function serveWebApp(app: NestFastifyApplication): Promise<boolean> {
  const root = webDistDir();
  if (!root) return false;
  const indexFile = join(root, 'index.html');
  const assets = join(root, 'assets');
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    // Vite fingerprints everything under assets/, so those never change under their name.
    setHeaders: (reply, path) => {
      void reply.header(
        'cache-control',
        path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    const path = request.url.split('?')[0];
    if (SERVER_PATHS.test(path) || FILE_LIKE.test(path)) return;
    if (!String(request.headers.accept ?? '').includes('text/html')) return;
    const html = await readFile(indexFile);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
  return true;
}
