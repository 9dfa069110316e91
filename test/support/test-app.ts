import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppConfig, loadConfig } from '@app/platform';
import { Clock } from '@app/kernel';
import { createApp } from '../../apps/api/src/bootstrap';

export const PLATFORM_TOKEN = 'test-platform-token-0123456789';
export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';
export const TEST_REGISTRATION_KEY = '5e'.repeat(32);

export type RoleName = 'owner' | 'admin' | 'staff' | 'viewer';

export interface TestFirm {
  id: string;
  name: string;
  members: Record<RoleName, { id: string; email: string; password: string; token: string }>;
  /** An authorised supertest request for a role. */
  as(role: RoleName): AuthorisedAgent;
}

export interface AuthorisedAgent {
  get(path: string): request.Test;
  post(path: string): request.Test;
  patch(path: string): request.Test;
  put(path: string): request.Test;
  delete(path: string): request.Test;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  http(): ReturnType<typeof request>;
  provisionFirm(name?: string): Promise<TestFirm>;
  createClient(
    firm: TestFirm,
    body: { name: string; phone?: string; email?: string },
  ): Promise<{ id: string; phone: string | null }>;
  close(): Promise<void>;
}

/** This jest worker's database (see global-setup.js). */
export function workerDatabaseUrl(): string {
  const url = process.env[`TEST_DATABASE_URL_${process.env.JEST_WORKER_ID ?? '1'}`];
  if (!url) throw new Error('no test database: run the suite through jest with its globalSetup');
  return url;
}

export function embeddedDatabase(): boolean {
  return process.env.TEST_DATABASE_EMBEDDED === 'true';
}

/** Boots the whole product on this worker's database, listening on a loopback port. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { clock?: Clock; runWorkers?: boolean; logger?: Logger } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aps-test-'));
  const url = workerDatabaseUrl();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PUBLIC_BASE_URL: 'https://sms.assurepro.test',
    REGISTRATION_ENCRYPTION_KEY: TEST_REGISTRATION_KEY,
    ...env,
  });
  const handle = await createApp({
    config,
    database: { url, embedded: embeddedDatabase(), stop: async () => undefined },
    runWorkers: options.runWorkers ?? true,
    clock: options.clock,
    logger: options.logger,
  });
  await handle.app.listen({ port: 0, host: '127.0.0.1' });
  const address = handle.app.getHttpServer().address();
  const baseUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  const http = () => request(handle.app.getHttpServer());

  const agent = (token: string): AuthorisedAgent => ({
    get: (p) => http().get(p).set('Authorization', `Bearer ${token}`),
    post: (p) => http().post(p).set('Authorization', `Bearer ${token}`),
    patch: (p) => http().patch(p).set('Authorization', `Bearer ${token}`),
    put: (p) => http().put(p).set('Authorization', `Bearer ${token}`),
    delete: (p) => http().delete(p).set('Authorization', `Bearer ${token}`),
  });

  async function login(email: string, password: string): Promise<string> {
    const res = await http().post('/api/auth/login').send({ email, password });
    if (res.status !== 200)
      throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { accessToken: string }).accessToken;
  }

  async function provisionFirm(name = `Firm ${randomUUID().slice(0, 8)}`): Promise<TestFirm> {
    const tag = randomUUID().slice(0, 12);
    const password = 'correct horse battery staple';
    const ownerEmail = `owner-${tag}@firm.test`;
    const created = await http()
      .post('/api/platform/firms')
      .set('Authorization', `Bearer ${PLATFORM_TOKEN}`)
      .send({ name, owner: { email: ownerEmail, name: 'Olive Owner', password } });
    if (created.status !== 201)
      throw new Error(`provision failed: ${created.status} ${JSON.stringify(created.body)}`);
    const firmId = (created.body as { id: string }).id;
    const ownerToken = await login(ownerEmail, password);
    const members = {
      owner: {
        id: (created.body as { ownerId: string }).ownerId,
        email: ownerEmail,
        password,
        token: ownerToken,
      },
    } as TestFirm['members'];
    for (const role of ['admin', 'staff', 'viewer'] as const) {
      const email = `${role}-${tag}@firm.test`;
      const res = await agent(ownerToken)
        .post('/api/members')
        .send({ email, name: `${role[0].toUpperCase()}${role.slice(1)} Member`, role, password });
      if (res.status !== 201)
        throw new Error(`member failed: ${res.status} ${JSON.stringify(res.body)}`);
      members[role] = {
        id: (res.body as { id: string }).id,
        email,
        password,
        token: await login(email, password),
      };
    }
    return { id: firmId, name, members, as: (role) => agent(members[role].token) };
  }

  async function createClient(
    firm: TestFirm,
    body: { name: string; phone?: string; email?: string },
  ) {
    const res = await firm.as('owner').post('/api/clients').send(body);
    if (res.status !== 201)
      throw new Error(`client failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; phone: string | null };
  }

  return {
    app: handle.app,
    config,
    baseUrl,
    http,
    provisionFirm,
    createClient,
    async close() {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
