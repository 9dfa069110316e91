import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { BusinessRuleError, Clock, DomainError, TooManyRequestsError, newId } from '@app/kernel';
import { IntegrationEventBus } from '@app/platform';
import { AccessTokenClaims, AuthenticatedMember, Role, permissionsOf } from '@app/permissions';
import { FirmEntity } from '../infrastructure/persistence/firm.entity';
import { MemberEntity } from '../infrastructure/persistence/member.entity';
import { MemberCreated } from '../contracts/client.contracts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../domain/password';
import { LoginThrottle } from '../domain/login-throttle';

export class EmailTakenError extends BusinessRuleError {
  constructor() {
    super('email_taken', 'conflict', 'A member with that email already exists.');
  }
}

export class InvalidCredentialsError extends DomainError {
  readonly code = 'invalid_credentials';
  readonly kind = 'unauthenticated' as const;
  constructor() {
    super('The email or password is not right.');
  }
}

export interface MemberView {
  id: string;
  firmId: string;
  name: string;
  email: string;
  role: Role;
  createdAt: string;
}

export function toMemberView(m: MemberEntity): MemberView {
  return {
    id: m.id,
    firmId: m.firmId,
    name: m.name,
    email: m.email,
    role: m.role,
    createdAt: m.createdAt.toISOString(),
  };
}

export class ProvisionFirmCommand extends Command<{ id: string; name: string; ownerId: string }> {
  constructor(
    readonly name: string,
    readonly owner: { email: string; name: string; password: string },
  ) {
    super();
  }
}

export class CreateMemberCommand extends Command<MemberView> {
  constructor(
    readonly firmId: string,
    readonly actorId: string,
    readonly member: { email: string; name: string; role: Role; password: string },
  ) {
    super();
  }
}

export class LoginCommand extends Command<{ accessToken: string; user: AuthenticatedMember }> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly clientAddress: string,
  ) {
    super();
  }
}

async function insertMember(
  em: EntityManager,
  events: IntegrationEventBus,
  now: Date,
  firmId: string,
  member: { email: string; name: string; role: Role; password: string },
): Promise<MemberEntity> {
  const entity = em.create(MemberEntity, {
    id: newId(),
    firmId,
    email: member.email.trim().toLowerCase(),
    name: member.name.trim(),
    role: member.role,
    passwordHash: await hashPassword(member.password),
    createdAt: now,
  });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new EmailTakenError();
    throw error;
  }
  await events.publish(em, new MemberCreated(firmId, entity.id, entity.role, now.toISOString()));
  return entity;
}

@CommandHandler(ProvisionFirmCommand)
export class ProvisionFirmHandler implements ICommandHandler<ProvisionFirmCommand> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly events: IntegrationEventBus,
  ) {}

  async execute({ name, owner }: ProvisionFirmCommand) {
    const now = this.clock.now();
    return this.em.fork().transactional(async (em) => {
      const firm = em.create(FirmEntity, { id: newId(), name: name.trim(), createdAt: now });
      await em.flush();
      const member = await insertMember(em, this.events, now, firm.id, { ...owner, role: 'owner' });
      return { id: firm.id, name: firm.name, ownerId: member.id };
    });
  }
}

@CommandHandler(CreateMemberCommand)
export class CreateMemberHandler implements ICommandHandler<CreateMemberCommand, MemberView> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly events: IntegrationEventBus,
  ) {}

  async execute({ firmId, member }: CreateMemberCommand): Promise<MemberView> {
    const entity = await this.em
      .fork()
      .transactional((em) => insertMember(em, this.events, this.clock.now(), firmId, member));
    return toMemberView(entity);
  }
}

@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand> {
  // Five wrong passwords lock an email for a while; an address (a whole office behind one NAT)
  // gets more room before it is slowed down.
  private readonly emailThrottle = new LoginThrottle(5);
  private readonly addressThrottle = new LoginThrottle(30);

  constructor(
    private readonly em: EntityManager,
    private readonly jwt: JwtService,
  ) {}

  async execute({ email, password, clientAddress }: LoginCommand) {
    const normalised = email.trim().toLowerCase();
    const wait = Math.max(
      this.emailThrottle.retryAfter(normalised),
      this.addressThrottle.retryAfter(clientAddress),
    );
    if (wait > 0) throw new TooManyRequestsError(wait);

    const member = await this.em.fork().findOne(MemberEntity, { email: normalised });
    const ok = await verifyPassword(password, member?.passwordHash ?? DUMMY_HASH);
    if (!member || !ok) {
      this.emailThrottle.fail(normalised);
      this.addressThrottle.fail(clientAddress);
      throw new InvalidCredentialsError();
    }
    this.emailThrottle.succeed(normalised);
    const claims: AccessTokenClaims = { sub: member.id, firm: member.firmId };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      accessToken,
      user: {
        id: member.id,
        firmId: member.firmId,
        name: member.name,
        email: member.email,
        role: member.role,
        permissions: permissionsOf(member.role),
      },
    };
  }
}
