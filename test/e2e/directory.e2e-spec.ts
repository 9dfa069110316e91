import { JwtService } from '@nestjs/jwt';
import {
  PLATFORM_TOKEN,
  TEST_JWT_SECRET,
  TestApp,
  TestFirm,
  startTestApp,
} from '../support/test-app';

const ROLES = ['owner', 'admin', 'staff', 'viewer'] as const;

describe('platform provisioning, identity and directory', () => {
  let t: TestApp;
  let firm: TestFirm;
  let other: TestFirm;

  beforeAll(async () => {
    t = await startTestApp();
    [firm, other] = await Promise.all([
      t.provisionFirm('Hill & Dale CPAs'),
      t.provisionFirm('Other Firm LLP'),
    ]);
  });
  afterAll(() => t.close());

  describe('POST /api/platform/firms', () => {
    const body = (email: string) => ({
      name: 'Birch Tax',
      owner: { email, name: 'Bea Birch', password: 'a long enough password' },
    });

    it('creates a firm with its owner, who can sign in', async () => {
      const res = await t
        .http()
        .post('/api/platform/firms')
        .set('Authorization', `Bearer ${PLATFORM_TOKEN}`)
        .send(body('bea@birch.test'))
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Birch Tax',
        ownerId: expect.any(String),
      });
      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'BEA@birch.test', password: 'a long enough password' })
        .expect(200);
      expect(login.body.user).toMatchObject({
        id: res.body.ownerId,
        firmId: res.body.id,
        role: 'owner',
      });
    });

    it('refuses a missing or wrong operator token, and member tokens', async () => {
      await t.http().post('/api/platform/firms').send(body('x1@birch.test')).expect(403);
      const wrong = await t
        .http()
        .post('/api/platform/firms')
        .set('Authorization', 'Bearer not-the-token-at-all')
        .send(body('x2@birch.test'))
        .expect(403);
      expect(wrong.body.code).toBe('forbidden');
      await t
        .http()
        .post('/api/platform/firms')
        .set('Authorization', `Bearer ${firm.members.owner.token}`)
        .send(body('x3@birch.test'))
        .expect(403);
    });

    it('validates the body and names each field', async () => {
      const res = await t
        .http()
        .post('/api/platform/firms')
        .set('Authorization', `Bearer ${PLATFORM_TOKEN}`)
        .send({
          name: '',
          owner: { email: 'not-an-email', name: 'X', password: 'short' },
          extra: true,
        })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['name', 'owner.email', 'owner.password', 'extra']),
      );
    });

    it('answers 409 email_taken for an owner email already in use, and writes no firm', async () => {
      const res = await t
        .http()
        .post('/api/platform/firms')
        .set('Authorization', `Bearer ${PLATFORM_TOKEN}`)
        .send(body(firm.members.owner.email))
        .expect(409);
      expect(res.body.code).toBe('email_taken');
    });
  });

  describe('POST /api/auth/login and GET /api/me', () => {
    it('returns a token and the user with the permissions of the role', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ email: firm.members.staff.email, password: firm.members.staff.password })
        .expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        user: {
          id: firm.members.staff.id,
          firmId: firm.id,
          name: 'Staff Member',
          email: firm.members.staff.email,
          role: 'staff',
          permissions: ['firm_settings.view', 'messages.send', 'messages.view'],
        },
      });
      const me = await t
        .http()
        .get('/api/me')
        .set('Authorization', `Bearer ${res.body.accessToken}`)
        .expect(200);
      expect(me.body).toEqual(res.body.user);
    });

    it('answers 401 invalid_credentials for a wrong password or an unknown email', async () => {
      const wrong = await t
        .http()
        .post('/api/auth/login')
        .send({ email: firm.members.admin.email, password: 'nope-nope-nope' })
        .expect(401);
      expect(wrong.body.code).toBe('invalid_credentials');
      const unknown = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'ghost@nowhere.test', password: 'whatever-whatever' })
        .expect(401);
      expect(unknown.body.code).toBe('invalid_credentials');
    });

    it('limits repeated failed logins with 429 and Retry-After', async () => {
      const email = `target-${Date.now()}@firm.test`;
      for (let i = 0; i < 5; i++)
        await t
          .http()
          .post('/api/auth/login')
          .send({ email, password: 'guess-guess-guess' })
          .expect(401);
      const limited = await t
        .http()
        .post('/api/auth/login')
        .send({ email, password: 'guess-guess-guess' })
        .expect(429);
      expect(limited.body.code).toBe('too_many_requests');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('answers 401 unauthenticated without a token, with a forged one, or with an expired one', async () => {
      const none = await t.http().get('/api/me').expect(401);
      expect(none.body.code).toBe('unauthenticated');
      await t.http().get('/api/me').set('Authorization', 'Bearer abc.def.ghi').expect(401);
      const forged = new JwtService({ secret: 'another-secret-another-secret-another' });
      const forgedToken = await forged.signAsync(
        { sub: firm.members.owner.id, firm: firm.id },
        { issuer: 'assure-pro-sms' },
      );
      await t.http().get('/api/me').set('Authorization', `Bearer ${forgedToken}`).expect(401);
      const real = new JwtService({ secret: TEST_JWT_SECRET });
      const expired = await real.signAsync(
        { sub: firm.members.owner.id, firm: firm.id, exp: Math.floor(Date.now() / 1000) - 60 },
        { issuer: 'assure-pro-sms' },
      );
      await t.http().get('/api/me').set('Authorization', `Bearer ${expired}`).expect(401);
    });
  });

  describe('members', () => {
    it.each(ROLES)('GET /api/members as %s follows firm_settings.view', async (role) => {
      const res = await firm.as(role).get('/api/members');
      expect(res.status).toBe(role === 'viewer' ? 403 : 200);
      if (res.status === 200) {
        expect(res.body.items.map((m: { role: string }) => m.role).sort()).toEqual([
          'admin',
          'owner',
          'staff',
          'viewer',
        ]);
        expect(res.body.items.every((m: object) => !('passwordHash' in m))).toBe(true);
      }
    });

    it('pages the members newest first, each once, and refuses a forged cursor', async () => {
      const paged = await t.provisionFirm();
      for (const name of ['Later One', 'Later Two', 'Later Three']) {
        await paged
          .as('owner')
          .post('/api/members')
          .send({
            email: `${name.replace(/ /g, '.').toLowerCase()}-${Date.now()}@firm.test`,
            name,
            role: 'staff',
            password: 'another long password',
          })
          .expect(201);
      }
      const seen: Array<{ id: string; name: string; createdAt: string }> = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await paged.as('admin').get(`/api/members?limit=2${query}`).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      // The four of the firm and the three added: four pages of two, the last with one.
      expect(pages).toBe(4);
      expect(new Set(seen.map((m) => m.id)).size).toBe(7);
      expect(seen.slice(0, 3).map((m) => m.name)).toEqual([
        'Later Three',
        'Later Two',
        'Later One',
      ]);
      const times = seen.map((m) => Date.parse(m.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);

      const forged = await paged.as('admin').get('/api/members?cursor=not-a-cursor').expect(400);
      expect(forged.body.code).toBe('validation_failed');
      const tooMany = await paged.as('admin').get('/api/members?limit=201').expect(400);
      expect(tooMany.body.code).toBe('validation_failed');
    });

    it.each(ROLES)('POST /api/members as %s follows firm_settings.edit', async (role) => {
      const res = await firm
        .as(role)
        .post('/api/members')
        .send({
          email: `new-${role}-${Date.now()}@firm.test`,
          name: 'New Person',
          role: 'staff',
          password: 'another long password',
        });
      expect(res.status).toBe(role === 'owner' || role === 'admin' ? 201 : 403);
      if (res.status === 403) expect(res.body.code).toBe('forbidden');
    });

    it('answers 409 email_taken and 400 for an unknown role', async () => {
      const taken = await firm
        .as('owner')
        .post('/api/members')
        .send({
          email: other.members.viewer.email,
          name: 'Dup',
          role: 'staff',
          password: 'another long password',
        })
        .expect(409);
      expect(taken.body.code).toBe('email_taken');
      const bad = await firm
        .as('owner')
        .post('/api/members')
        .send({
          email: 'r@firm.test',
          name: 'R',
          role: 'superuser',
          password: 'another long password',
        })
        .expect(400);
      expect(bad.body.errors[0].field).toBe('role');
    });
  });

  describe('clients', () => {
    it.each([
      ['(503) 555-0142', '+15035550142'],
      ['503.555.0143', '+15035550143'],
      ['+1 503 555 0144', '+15035550144'],
      ['1-503-555-0145', '+15035550145'],
      ['5035550146', '+15035550146'],
      ['tel:+1-503-555-0147', '+15035550147'],
    ])('stores %s as %s', async (raw, e164) => {
      const res = await firm
        .as('staff')
        .post('/api/clients')
        .send({ name: 'Phone Person', phone: raw })
        .expect(201);
      expect(res.body).toMatchObject({
        phone: e164,
        sms: { optedOut: false, optedOutAt: null, disclosureSentAt: null },
      });
    });

    it('answers 400 validation_failed naming phone when it cannot be a number, and writes nothing', async () => {
      const before = await firm.as('owner').get('/api/clients?search=Nobody%20Phone').expect(200);
      const res = await firm
        .as('owner')
        .post('/api/clients')
        .send({ name: 'Nobody Phone', phone: '555-0142' })
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'phone', message: expect.any(String) }],
      });
      const after = await firm.as('owner').get('/api/clients?search=Nobody%20Phone').expect(200);
      expect(after.body.items).toHaveLength(before.body.items.length);
    });

    it.each(ROLES)('POST /api/clients as %s follows messages.send', async (role) => {
      const res = await firm
        .as(role)
        .post('/api/clients')
        .send({ name: `By ${role}` });
      expect(res.status).toBe(role === 'viewer' ? 403 : 201);
    });

    it.each(ROLES)(
      'GET /api/clients and /api/clients/:id as %s follow messages.view',
      async (role) => {
        const client = await t.createClient(firm, {
          name: 'Visible Client',
          phone: '(971) 555-0100',
        });
        await firm.as(role).get('/api/clients').expect(200);
        const res = await firm.as(role).get(`/api/clients/${client.id}`).expect(200);
        expect(res.body).toMatchObject({
          id: client.id,
          name: 'Visible Client',
          phone: '+19715550100',
          phoneDisplay: '(971) 555-0100',
        });
      },
    );

    it('updates a client with PATCH and can remove the phone', async () => {
      const client = await t.createClient(firm, { name: 'Patchy', phone: '5035550160' });
      const res = await firm
        .as('staff')
        .patch(`/api/clients/${client.id}`)
        .send({ name: 'Patchy McPatch', phone: '(503) 555-0161' })
        .expect(200);
      expect(res.body).toMatchObject({ name: 'Patchy McPatch', phone: '+15035550161' });
      const cleared = await firm
        .as('staff')
        .patch(`/api/clients/${client.id}`)
        .send({ phone: null })
        .expect(200);
      expect(cleared.body.phone).toBeNull();
      await firm.as('viewer').patch(`/api/clients/${client.id}`).send({ name: 'Nope' }).expect(403);
      await firm
        .as('staff')
        .patch(`/api/clients/${client.id}`)
        .send({ phone: 'garbage' })
        .expect(400);
    });

    it('hides another firm’s clients: 404 on read and update, absent from lists and search', async () => {
      const theirs = await t.createClient(other, {
        name: 'Secret Client of Other',
        phone: '5035550170',
      });
      const get = await firm.as('owner').get(`/api/clients/${theirs.id}`).expect(404);
      expect(get.body.code).toBe('not_found');
      await firm
        .as('owner')
        .patch(`/api/clients/${theirs.id}`)
        .send({ name: 'Mine now' })
        .expect(404);
      const search = await firm.as('owner').get('/api/clients?search=Secret%20Client').expect(200);
      expect(search.body.items).toEqual([]);
      await firm.as('owner').get('/api/clients/not-a-uuid').expect(404);
      const still = await other.as('owner').get(`/api/clients/${theirs.id}`).expect(200);
      expect(still.body.name).toBe('Secret Client of Other');
    });

    it('pages newest first with an opaque cursor and searches by name, email or phone', async () => {
      const fresh = await t.provisionFirm();
      const names = ['Ada One', 'Bo Two', 'Cy Three', 'Di Four', 'Ed Five'];
      for (const name of names)
        await t.createClient(fresh, {
          name,
          phone: '5035550180',
          email: `${name.split(' ')[0].toLowerCase()}@x.test`,
        });
      const first = await fresh.as('viewer').get('/api/clients?limit=2').expect(200);
      expect(first.body.items.map((c: { name: string }) => c.name)).toEqual(['Ed Five', 'Di Four']);
      const second = await fresh
        .as('viewer')
        .get(`/api/clients?limit=2&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body.items.map((c: { name: string }) => c.name)).toEqual([
        'Cy Three',
        'Bo Two',
      ]);
      const third = await fresh
        .as('viewer')
        .get(`/api/clients?limit=2&cursor=${second.body.nextCursor}`)
        .expect(200);
      expect(third.body).toEqual({
        items: [expect.objectContaining({ name: 'Ada One' })],
        nextCursor: null,
      });
      const byEmail = await fresh.as('viewer').get('/api/clients?search=cy@').expect(200);
      expect(byEmail.body.items.map((c: { name: string }) => c.name)).toEqual(['Cy Three']);
      const byPhone = await fresh.as('viewer').get('/api/clients?search=555-0180').expect(200);
      expect(byPhone.body.items).toHaveLength(5);
    });

    it('rejects bad list parameters with 400', async () => {
      await firm.as('viewer').get('/api/clients?limit=201').expect(400);
      await firm.as('viewer').get('/api/clients?limit=0').expect(400);
      const bad = await firm.as('viewer').get('/api/clients?cursor=%%%garbage').expect(400);
      expect(bad.body.code).toBe('validation_failed');
    });
  });

  describe('Idempotency-Key on creates', () => {
    it('replays the first answer for the same key and body, and creates once', async () => {
      const key = `create-client-${Date.now()}`;
      const body = { name: 'Idem Potent', phone: '5035550190' };
      const first = await firm
        .as('staff')
        .post('/api/clients')
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      const again = await firm
        .as('staff')
        .post('/api/clients')
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const list = await firm.as('staff').get('/api/clients?search=Idem%20Potent').expect(200);
      expect(list.body.items).toHaveLength(1);
    });

    it('refuses the same key with a different body (422) and scopes keys per firm', async () => {
      const key = `k-${Date.now()}`;
      await firm
        .as('owner')
        .post('/api/clients')
        .set('Idempotency-Key', key)
        .send({ name: 'First Body' })
        .expect(201);
      const reused = await firm
        .as('owner')
        .post('/api/clients')
        .set('Idempotency-Key', key)
        .send({ name: 'Second Body' })
        .expect(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      const otherFirm = await other
        .as('owner')
        .post('/api/clients')
        .set('Idempotency-Key', key)
        .send({ name: 'Second Body' })
        .expect(201);
      expect(otherFirm.body.name).toBe('Second Body');
    });

    it('does not keep a key whose request failed, so a corrected retry succeeds', async () => {
      const key = `fix-${Date.now()}`;
      await firm
        .as('owner')
        .post('/api/clients')
        .set('Idempotency-Key', key)
        .send({ name: 'Bad', phone: 'nope' })
        .expect(400);
      await firm
        .as('owner')
        .post('/api/clients')
        .set('Idempotency-Key', key)
        .send({ name: 'Bad', phone: 'nope' })
        .expect(400);
    });
  });
});
