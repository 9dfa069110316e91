import type { FastifyRequest } from 'fastify';
import { acceptQueryToken } from './stream-query-token.hook';

function request(route: string, url: string, authorization?: string): FastifyRequest {
  const raw = { url, headers: authorization ? { authorization } : {} };
  return { routeOptions: { url: route }, raw } as unknown as FastifyRequest;
}

describe('access token in the query of the notification stream', () => {
  it('becomes the bearer header and leaves the URL', () => {
    const req = request(
      '/api/notifications/stream',
      '/api/notifications/stream?access_token=abc.def&x=1',
    );
    acceptQueryToken(req);
    expect(req.raw.headers.authorization).toBe('Bearer abc.def');
    expect(req.raw.url).toBe('/api/notifications/stream?x=1');
  });

  it('does not override an Authorization header', () => {
    const req = request(
      '/api/notifications/stream',
      '/api/notifications/stream?access_token=abc',
      'Bearer header-token',
    );
    acceptQueryToken(req);
    expect(req.raw.headers.authorization).toBe('Bearer header-token');
  });

  it('is ignored on every other route', () => {
    const req = request('/api/notifications', '/api/notifications?access_token=abc');
    acceptQueryToken(req);
    expect(req.raw.headers.authorization).toBeUndefined();
    expect(req.raw.url).toBe('/api/notifications?access_token=abc');
  });
});
