import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Clock, newId } from '@app/kernel';
import { AppConfig } from '@app/platform';
import type { Role } from '@app/permissions';
import { FirmEntity } from '../infrastructure/persistence/firm.entity';
import { MemberEntity } from '../infrastructure/persistence/member.entity';
import { ClientEntity } from '../infrastructure/persistence/client.entity';
import { hashPassword } from '../domain/password';

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  name: string;
}

const MEMBERS: Array<Omit<DemoLogin, 'password'>> = [
  { email: 'owner@demo.assurepro.test', name: 'Dana Hill', role: 'owner' },
  { email: 'admin@demo.assurepro.test', name: 'Sam Patel', role: 'admin' },
  { email: 'staff@demo.assurepro.test', name: 'Riley Chen', role: 'staff' },
];

const CLIENTS = [
  { name: 'Ana Ortiz', phone: '+15035550121', email: 'ana.ortiz@example.com' },
  { name: 'Ben Okafor', phone: '+15035550122', email: 'ben@okafor-landscaping.example' },
  {
    name: 'Okafor Landscaping LLC',
    phone: '+15035550122',
    email: 'office@okafor-landscaping.example',
  },
  { name: 'Carla Nguyen', phone: '+15035550123', email: null },
  { name: 'Dmitri Volkov', phone: '+19715550124', email: 'dmitri.v@example.com' },
  { name: 'Evelyn Brooks', phone: null, email: 'evelyn.brooks@example.com' },
];

/**
 * The embedded default starts with a demo firm so a person can try the product at once.
 * It runs only on an empty embedded database, and never when DATABASE_URL is set.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get loginsFile(): string {
    return join(this.config.dataDir, 'demo-logins.json');
  }

  /** The demo logins, when demo mode is on; shown on the sign-in page. */
  demoLogins(): DemoLogin[] | null {
    if (!this.config.embedded || !existsSync(this.loginsFile)) return null;
    return JSON.parse(readFileSync(this.loginsFile, 'utf8')) as DemoLogin[];
  }

  async seedIfEmpty(): Promise<DemoLogin[] | null> {
    if (!this.config.embedded) return null;
    const em = this.em.fork();
    if ((await em.count(FirmEntity, {})) > 0) return null;
    const now = this.clock.now();
    const logins: DemoLogin[] = MEMBERS.map((m) => ({
      ...m,
      password: randomBytes(9).toString('base64url'),
    }));
    await em.transactional(async (tx) => {
      const firm = tx.create(FirmEntity, { id: newId(), name: 'Hill & Dale CPAs', createdAt: now });
      await tx.flush();
      for (const login of logins) {
        tx.create(MemberEntity, {
          id: newId(),
          firmId: firm.id,
          email: login.email,
          name: login.name,
          role: login.role,
          passwordHash: await hashPassword(login.password),
          createdAt: now,
        });
      }
      CLIENTS.forEach((c, i) => {
        const at = new Date(now.getTime() + i);
        tx.create(ClientEntity, {
          id: newId(),
          firmId: firm.id,
          ...c,
          createdAt: at,
          updatedAt: at,
        });
      });
      await tx.flush();
    });
    writeFileSync(this.loginsFile, JSON.stringify(logins, null, 2), { mode: 0o600 });
    this.logger.log('Created the demo firm "Hill & Dale CPAs".');
    return logins;
  }
}
