import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError, isUuid } from '@app/kernel';
import { GetClientContactQuery, GetFirmQuery, ListFirmMembersQuery } from '@app/directory';
import { GetSmsConsentQuery, consentDisclosure } from '@app/compliance';
import { SmsTemplateEntity } from '../../infrastructure/persistence/sms-template.entity';
import { MergeField, firstNameOf, renderTemplate } from '../../domain/template';
import { analyzeSegments, SmsEncoding } from '../../domain/segments';
import { appendDisclosure } from '../../domain/disclosure';
import { TemplateView, toTemplateView } from './template-view';

export class ListTemplatesQuery extends Query<TemplateView[]> {
  constructor(readonly firmId: string) {
    super();
  }
}

export interface RenderedForClient {
  /** The text as it will be sent, without the one-time disclosure. */
  body: string;
  encoding: SmsEncoding;
  segments: number;
  missingFields: MergeField[];
  /** True when this would be the client's first text, so the disclosure is appended and counted. */
  willIncludeDisclosure: boolean;
  templateId: string;
}

export class RenderTemplateQuery extends Query<RenderedForClient> {
  constructor(
    readonly firmId: string,
    readonly templateId: string,
    readonly clientId: string,
    readonly memberId: string,
  ) {
    super();
  }
}

@QueryHandler(ListTemplatesQuery)
export class ListTemplatesHandler implements IQueryHandler<ListTemplatesQuery, TemplateView[]> {
  constructor(private readonly em: EntityManager) {}

  async execute({ firmId }: ListTemplatesQuery): Promise<TemplateView[]> {
    const rows = await this.em
      .fork()
      .find(SmsTemplateEntity, { firmId }, { orderBy: { name: 'asc', id: 'asc' }, limit: 500 });
    return rows.map(toTemplateView);
  }
}

@QueryHandler(RenderTemplateQuery)
export class RenderTemplateHandler implements IQueryHandler<
  RenderTemplateQuery,
  RenderedForClient
> {
  constructor(
    private readonly em: EntityManager,
    private readonly queries: QueryBus,
  ) {}

  async execute({
    firmId,
    templateId,
    clientId,
    memberId,
  }: RenderTemplateQuery): Promise<RenderedForClient> {
    if (!isUuid(templateId)) throw new NotFoundError('Template');
    const template = await this.em.fork().findOne(SmsTemplateEntity, { id: templateId, firmId });
    if (!template) throw new NotFoundError('Template');
    const [client, firm, members, consent] = await Promise.all([
      this.queries.execute(new GetClientContactQuery(firmId, clientId)),
      this.queries.execute(new GetFirmQuery(firmId)),
      this.queries.execute(new ListFirmMembersQuery(firmId)),
      this.queries.execute(new GetSmsConsentQuery(firmId, [clientId])),
    ]);
    if (!client || !firm) throw new NotFoundError('Client');
    const sender = members.find((m) => m.id === memberId);
    const rendered = renderTemplate(template.body, {
      'client.firstName': firstNameOf(client.name),
      'client.name': client.name,
      'firm.name': firm.name,
      'member.firstName': sender ? (sender.name.trim().split(/\s+/)[0] ?? null) : null,
    });
    const willIncludeDisclosure = !consent[clientId]?.disclosureSentAt;
    const counted = willIncludeDisclosure
      ? appendDisclosure(rendered.body, consentDisclosure(firm.name))
      : rendered.body;
    const info = analyzeSegments(counted);
    return {
      body: rendered.body,
      encoding: info.encoding,
      segments: info.segments,
      missingFields: rendered.missingFields,
      willIncludeDisclosure,
      templateId: template.id,
    };
  }
}
