import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { NotFoundError, displayPhone } from '@app/kernel';
import { AnyMember, AuthenticatedMember, CurrentMember } from '@app/permissions';
import { GetFirmQuery } from '@app/directory';
import { GetFirmNumberQuery } from '@app/numbers';
import { ContactCardDto } from './dto/template.dto';

/** What the client portal's contact card shows: the firm and, while it has one, its SMS number. */
@ApiTags('Firm')
@ApiBearerAuth()
@Controller('api/firm')
export class ContactCardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('contact-card')
  @AnyMember()
  @ApiOkResponse({ type: ContactCardDto })
  async contactCard(@CurrentMember() member: AuthenticatedMember): Promise<ContactCardDto> {
    const [firm, number] = await Promise.all([
      this.queries.execute(new GetFirmQuery(member.firmId)),
      this.queries.execute(new GetFirmNumberQuery(member.firmId)),
    ]);
    if (!firm) throw new NotFoundError('Firm');
    return {
      firmName: firm.name,
      sms: number
        ? { phoneNumber: number.phoneNumber, display: displayPhone(number.phoneNumber) }
        : null,
    };
  }
}
