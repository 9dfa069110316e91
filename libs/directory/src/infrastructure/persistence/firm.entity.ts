import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'firms' })
export class FirmEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt!: Date;
}
