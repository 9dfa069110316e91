import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { MergeField } from '../../domain/template';

/** A firm's reusable text with merge fields; names are unique per firm, ignoring case. */
@Entity({ tableName: 'sms_templates' })
@Index({
  name: 'sms_templates_firm_name_unique',
  expression:
    'create unique index "sms_templates_firm_name_unique" on "sms_templates" ("firm_id", lower("name"))',
})
export class SmsTemplateEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'json' })
  fields!: MergeField[];

  @Property({ type: 'uuid' })
  createdBy!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt!: Date;
}
