import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { TEST_JWT_SECRET, TestApp, TestFirm, startTestApp } from '../support/test-app';

interface Operation {
  requestBody?: unknown;
  parameters?: Array<{ name: string; in: string }>;
}

const PUBLIC = new Set(['POST /api/auth/login', 'GET /api/demo']);

/**
 * Every documented route, swept with the inputs attackers and broken clients send: no token, a
 * forged or expired one, malformed and oversized bodies, invalid UTF-8, injection payloads. The
 * answer is always a 4xx problem with a code — never a 500, never a success.
 */
describe('bad input and security sweep over every route', () => {
  let t: TestApp;
  let firm: TestFirm;
  let routes: Array<{ method: string; path: string; op: Operation }>;
  let expired: string;
  let forged: string;

  beforeAll(async () => {
    t = await startTestApp();
    firm = await t.provisionFirm();
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    const jwt = new JwtService({ secret: TEST_JWT_SECRET });
    expired = await jwt.signAsync(
      { sub: firm.members.owner.id, firm: firm.id, exp: Math.floor(Date.now() / 1000) - 10 },
      { issuer: 'assure-pro-sms' },
    );
    forged = await new JwtService({ secret: 'not-our-secret-not-our-secret-not' }).signAsync(
      { sub: firm.members.owner.id, firm: firm.id },
      { issuer: 'assure-pro-sms' },
    );
  });
  afterAll(() => t.close());

  const concrete = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());
  const send = (method: string, path: string) => {
    const agent = t.http();
    switch (method) {
      case 'GET':
        return agent.get(path);
      case 'POST':
        return agent.post(path);
      case 'PUT':
        return agent.put(path);
      case 'PATCH':
        return agent.patch(path);
      default:
        return agent.delete(path);
    }
  };
  const memberRoutes = () =>
    routes.filter(
      (r) =>
        r.path.startsWith('/api/') &&
        !r.path.startsWith('/api/platform/') &&
        !PUBLIC.has(`${r.method} ${r.path}`),
    );

  it('refuses every member route without a valid token (401 unauthenticated)', async () => {
    const failures: string[] = [];
    for (const route of memberRoutes()) {
      for (const auth of [
        undefined,
        'Bearer garbage',
        `Bearer ${expired}`,
        `Bearer ${forged}`,
        'Basic dXNlcjpwYXNz',
      ]) {
        const request = send(route.method, concrete(route.path));
        if (auth) request.set('Authorization', auth);
        const res = await request.send({});
        if (res.status !== 401 || res.body.code !== 'unauthenticated') {
          failures.push(`${route.method} ${route.path} with ${auth ?? 'no token'} → ${res.status}`);
        }
      }
    }
    expect(memberRoutes().length).toBeGreaterThanOrEqual(7);
    expect(failures).toEqual([]);
  });

  it('refuses every platform route without the operator token (403)', async () => {
    const platform = routes.filter((r) => r.path.startsWith('/api/platform/'));
    expect(platform.length).toBeGreaterThan(0);
    for (const route of platform) {
      for (const auth of [
        undefined,
        `Bearer ${firm.members.owner.token}`,
        'Bearer wrong-operator-token',
      ]) {
        const request = send(route.method, concrete(route.path));
        if (auth) request.set('Authorization', auth);
        const res = await request.send({});
        expect({
          route: `${route.method} ${route.path}`,
          status: res.status,
          code: res.body.code,
        }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 403,
          code: 'forbidden',
        });
      }
    }
  });

  const hostile: Array<[string, (r: ReturnType<typeof send>) => ReturnType<typeof send>]> = [
    ['malformed JSON', (r) => r.set('Content-Type', 'application/json').send('{"name": ')],
    [
      'a 1 MB string',
      (r) => r.send({ name: 'x'.repeat(1024 * 1024), body: 'x'.repeat(1024 * 1024) }),
    ],
    [
      'wrong types',
      (r) =>
        r.send({
          name: 42,
          body: ['a'],
          phone: { $gt: '' },
          email: true,
          paused: 'yes',
          clientId: 7,
        }),
    ],
    [
      'unknown fields',
      (r) => r.send({ isAdmin: true, firmId: randomUUID(), __proto__: { polluted: true } }),
    ],
    [
      'invalid UTF-8',
      (r) =>
        r
          .set('Content-Type', 'application/json')
          .send(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
    ],
    [
      'SQL and script payloads',
      (r) =>
        r.send({
          name: "x'); drop table clients; --",
          body: '<script>alert(1)</script>',
          phone: "' or 1=1 --",
          email: '"><img src=x>@x.test',
        }),
    ],
    ['an array body', (r) => r.send([1, 2, 3])],
  ];

  it.each(hostile)(
    'answers %s with a 4xx problem and a code on every write route',
    async (_label, attack) => {
      const writes = memberRoutes().filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
      const failures: string[] = [];
      for (const route of writes) {
        const res = await attack(
          send(route.method, concrete(route.path)).set(
            'Authorization',
            `Bearer ${firm.members.owner.token}`,
          ),
        );
        const ok =
          res.status >= 400 &&
          res.status < 500 &&
          typeof res.body?.code === 'string' &&
          /problem\+json/.test(String(res.headers['content-type']));
        if (!ok)
          failures.push(
            `${route.method} ${route.path} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`,
          );
      }
      expect(writes.length).toBeGreaterThanOrEqual(3);
      expect(failures).toEqual([]);
    },
  );

  it('answers ids of nothing (random UUIDs and non-UUIDs) with 404 or a 4xx, never 500', async () => {
    const withIds = memberRoutes().filter((r) => r.path.includes('{'));
    const failures: string[] = [];
    for (const route of withIds) {
      for (const id of [randomUUID(), 'not-a-uuid', "1' or '1'='1", '..%2F..%2Fetc%2Fpasswd']) {
        const res = await send(route.method, route.path.replace(/\{[^}]+\}/g, id))
          .set('Authorization', `Bearer ${firm.members.owner.token}`)
          .send({});
        if (res.status >= 500 || res.status < 400)
          failures.push(`${route.method} ${route.path} id=${id} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers a forged cursor on every list with 400 validation_failed naming cursor', async () => {
    // Well-formed base64url JSON, as a cursor is, but its parts are not a position of ours.
    const forged = (k: string, id: string) =>
      Buffer.from(JSON.stringify({ k, id })).toString('base64url');
    const cursors = [
      forged('nope', 'nope'),
      forged('2026-01-01T00:00:00.000Z', "1' or '1'='1"),
      forged('not a time', randomUUID()),
      forged('2026-13-40T00:00:00.000Z', randomUUID()),
      forged('0000-01-01T00:00:00.000Z', randomUUID()),
    ];
    const lists = memberRoutes().filter(
      (r) =>
        r.method === 'GET' &&
        !r.path.includes('{') &&
        (r.op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'cursor'),
    );
    const failures: string[] = [];
    for (const route of lists) {
      for (const cursor of cursors) {
        const res = await firm.as('owner').get(`${route.path}?cursor=${cursor}`);
        const fields = (res.body.errors ?? []).map((e: { field: string }) => e.field);
        if (
          res.status !== 400 ||
          res.body.code !== 'validation_failed' ||
          !fields.includes('cursor')
        )
          failures.push(`${route.path} cursor=${cursor} → ${res.status} ${res.body.code}`);
      }
    }
    expect(lists.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/clients', '/api/sms/unmatched', '/api/notifications']),
    );
    expect(failures).toEqual([]);
  });

  it('answers a path that is not valid percent-encoding with a 400 problem, token or not', async () => {
    const failures: string[] = [];
    for (const path of ['/api/clients/%E0%A4%A', '/api/sms/unmatched/%C0%AF/assign', '/api/x%ZZ']) {
      for (const token of [firm.members.owner.token, undefined]) {
        const request = t.http().get(path);
        if (token) request.set('Authorization', `Bearer ${token}`);
        const res = await request;
        const ok =
          res.status === 400 &&
          /^application\/problem\+json/.test(String(res.headers['content-type'])) &&
          res.body.status === 400 &&
          res.body.code === 'validation_failed' &&
          typeof res.body.type === 'string' &&
          typeof res.body.title === 'string' &&
          typeof res.body.detail === 'string';
        if (!ok) failures.push(`${path} → ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers an id too long for the router with a 404 problem like any unknown id', async () => {
    const res = await firm.as('owner').get(`/api/clients/${'a'.repeat(500)}`);
    expect({ status: res.status, type: res.headers['content-type'], code: res.body.code }).toEqual({
      status: 404,
      type: expect.stringMatching(/^application\/problem\+json/),
      code: 'not_found',
    });
  });

  it.each([
    ['a Content-Length that is not a number', 'Content-Length: abc'],
    [
      'both Transfer-Encoding and Content-Length',
      'Transfer-Encoding: chunked\r\nContent-Length: 2',
    ],
    ['a header line without a colon', 'Bad Header'],
  ])('answers a request with %s with a 400 problem', async (_label, header) => {
    expect(await rawPost(header)).toEqual({
      status: 'HTTP/1.1 400 Bad Request',
      type: expect.stringMatching(/^content-type: application\/problem\+json/i),
      code: 'validation_failed',
    });
  });

  it('answers headers larger than the server takes with a 431 problem', async () => {
    expect(await rawPost(`X-Padding: ${'a'.repeat(20_000)}`)).toEqual({
      status: 'HTTP/1.1 431 Request Header Fields Too Large',
      type: expect.stringMatching(/^content-type: application\/problem\+json/i),
      code: 'headers_too_large',
    });
  });

  /** A POST written straight to the socket with `header` among its headers: what comes back. */
  async function rawPost(header: string) {
    const { hostname, port } = new URL(t.baseUrl);
    const head = `POST /api/clients HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${firm.members.owner.token}\r\nContent-Type: application/json\r\n${header}\r\nConnection: close\r\n\r\n{}`;
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect(Number(port), hostname, () => socket.write(head));
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    const [status, ...headers] = answer.split('\r\n\r\n')[0].split('\r\n');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { code?: string };
    return { status, type: headers.find((h) => /^content-type:/i.test(h)), code: body.code };
  }

  it('the client list is unchanged by all of it', async () => {
    const res = await firm.as('owner').get('/api/clients').expect(200);
    expect(res.body.items).toEqual([]);
  });
});
