import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'clients' })
@Index({ name: 'clients_firm_created_idx', properties: ['firmId', 'createdAt', 'id'] })
@Index({ name: 'clients_firm_phone_idx', properties: ['firmId', 'phone'] })
export class ClientEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** E.164, normalised at the edge; matched by equality. */
  @Property({ type: 'string', length: 20, nullable: true })
  phone!: string | null;

  @Property({ type: 'string', length: 254, nullable: true })
  email!: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt!: Date;
}
