import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Idempotent } from '@app/platform';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { ClaimNumberCommand } from '../../application/commands/claim-number/claim-number.command';
import { ReleaseNumberCommand } from '../../application/commands/release-number/release-number.command';
import { GetNumberCardQuery } from '../../application/queries/get-number-card/get-number-card.query';
import { SearchAvailableNumbersQuery } from '../../application/queries/search-available-numbers/search-available-numbers.query';
import {
  ActiveNumberDto,
  AvailableNumbersDto,
  ClaimNumberDto,
  NoNumberDto,
  NumberCardDto,
  ReleaseNumberDto,
  SearchNumbersQueryDto,
} from './dto/numbers.dto';

/** Settings → SMS: the firm's one shared number. */
@ApiTags('Numbers')
@ApiBearerAuth()
@Controller('api/sms')
export class NumbersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('number')
  @RequirePermission('firm_settings.view')
  @ApiOperation({ summary: 'The firm’s number card, or state "none"' })
  @ApiOkResponse({ type: NumberCardDto })
  number(@CurrentMember() member: AuthenticatedMember): Promise<NumberCardDto> {
    return this.queries.execute(new GetNumberCardQuery(member.firmId));
  }

  @Get('available-numbers')
  @RequirePermission('firm_settings.edit')
  @ApiOperation({ summary: 'Up to 10 numbers the carrier offers, optionally in one area code' })
  @ApiOkResponse({ type: AvailableNumbersDto })
  search(@Query() query: SearchNumbersQueryDto): Promise<AvailableNumbersDto> {
    return this.queries.execute(new SearchAvailableNumbersQuery(query.areaCode));
  }

  @Post('number')
  @HttpCode(201)
  @RequirePermission('firm_settings.edit')
  @Idempotent()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: 'Claim a number from the carrier as the firm’s number' })
  @ApiCreatedResponse({ type: ActiveNumberDto })
  claim(
    @CurrentMember() member: AuthenticatedMember,
    @Body() body: ClaimNumberDto,
  ): Promise<ActiveNumberDto> {
    return this.commands.execute(
      new ClaimNumberCommand(member.firmId, member.id, body.phoneNumber),
    );
  }

  @Post('number/release')
  @HttpCode(200)
  @RequirePermission('firm_settings.edit')
  @ApiOperation({ summary: 'Give the number back to the carrier; conversations stay' })
  @ApiOkResponse({ type: NoNumberDto })
  release(
    @CurrentMember() member: AuthenticatedMember,
    @Body() body: ReleaseNumberDto,
  ): Promise<NoNumberDto> {
    return this.commands.execute(
      new ReleaseNumberCommand(member.firmId, member.id, body.confirmPhoneNumber),
    );
  }
}
