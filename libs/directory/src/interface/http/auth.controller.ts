import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AnyMember, AuthenticatedMember, CurrentMember, Public } from '@app/permissions';
import { LoginCommand } from '../../application/accounts.commands';
import { LoginDto, LoginResultDto, UserDto } from './dto/directory.dto';

@ApiTags('Identity')
@Controller('api')
export class AuthController {
  constructor(private readonly commands: CommandBus) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange email and password for an access token' })
  @ApiOkResponse({ type: LoginResultDto })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<LoginResultDto> {
    return this.commands.execute(new LoginCommand(body.email, body.password, request.ip));
  }

  @Get('me')
  @AnyMember()
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserDto })
  me(@CurrentMember() member: AuthenticatedMember): UserDto {
    return member;
  }
}
