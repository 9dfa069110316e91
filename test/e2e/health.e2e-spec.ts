import { startTestApp, TestApp } from '../support/test-app';

describe('health, metrics and API docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports live and ready with the database checked', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'ok', queue: 'ok', smtp: 'disabled' });
  });

  it('exposes Prometheus metrics with HTTP duration histograms by route', async () => {
    await t.http().get('/health/live');
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/health\/live"/);
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('serves the OpenAPI document and UI', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/clients',
        '/api/clients/{clientId}',
        '/api/platform/firms',
      ]),
    );
    await t.http().get('/docs').expect(200);
  });

  it('answers unknown routes with problem+json', async () => {
    const res = await t.http().get('/api/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('echoes a request id', async () => {
    const res = await t.http().get('/health/live').set('x-request-id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
  });
});
