import type { SmsTemplateEntity } from '../../infrastructure/persistence/sms-template.entity';
import type { MergeField } from '../../domain/template';

export interface TemplateView {
  id: string;
  name: string;
  body: string;
  fields: MergeField[];
  createdAt: string;
  updatedAt: string;
}

export function toTemplateView(t: SmsTemplateEntity): TemplateView {
  return {
    id: t.id,
    name: t.name,
    body: t.body,
    fields: t.fields,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
