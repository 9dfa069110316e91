import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { Role } from '@app/permissions';

@Entity({ tableName: 'members' })
@Unique({ name: 'members_email_unique', properties: ['email'] })
@Index({ name: 'members_firm_idx', properties: ['firmId', 'createdAt'] })
export class MemberEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  /** Stored lower-case: one login per address across the platform. */
  @Property({ type: 'string', length: 254 })
  email!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 16 })
  role!: Role;

  @Property({ type: 'string', length: 200, hidden: true })
  passwordHash!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt!: Date;
}
