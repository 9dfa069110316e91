import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { consentDisclosure } from '@app/compliance';
import { appendDisclosure } from '../../domain/disclosure';
import { SmsEncoding, analyzeSegments } from '../../domain/segments';
import { OutboundContextLoader } from './outbound-context.loader';

export interface SmsPreview {
  encoding: SmsEncoding;
  characters: number;
  segments: number;
  /** True when this would be the client's first text: the counts include the disclosure. */
  willIncludeDisclosure: boolean;
}

/** Counts for the compose box: the text as it would leave, disclosure included when due. */
export class PreviewSmsQuery extends Query<SmsPreview> {
  constructor(
    readonly firmId: string,
    readonly body: string,
    readonly clientId: string | null,
  ) {
    super();
  }
}

@QueryHandler(PreviewSmsQuery)
export class PreviewSmsHandler implements IQueryHandler<PreviewSmsQuery, SmsPreview> {
  constructor(private readonly context: OutboundContextLoader) {}

  async execute({ firmId, body, clientId }: PreviewSmsQuery): Promise<SmsPreview> {
    let text = body;
    let willIncludeDisclosure = false;
    if (clientId !== null) {
      const ctx = await this.context.load(firmId, clientId);
      if (ctx.consent.disclosureSentAt === null) {
        willIncludeDisclosure = true;
        text = appendDisclosure(body, consentDisclosure(await this.context.firmName(firmId)));
      }
    }
    const counted = analyzeSegments(text);
    return {
      encoding: counted.encoding,
      characters: counted.characters,
      segments: counted.segments,
      willIncludeDisclosure,
    };
  }
}
