import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { FirmEntity } from './infrastructure/persistence/firm.entity';
import { MemberEntity } from './infrastructure/persistence/member.entity';
import { ClientEntity } from './infrastructure/persistence/client.entity';
import {
  CreateMemberHandler,
  LoginHandler,
  ProvisionFirmHandler,
} from './application/accounts.commands';
import {
  GetFirmHandler,
  GetMemberAccessHandler,
  ListFirmMembersHandler,
  ListMembersHandler,
} from './application/accounts.queries';
import {
  CreateClientHandler,
  SetClientPhoneHandler,
  UpdateClientHandler,
} from './application/clients.commands';
import {
  FindClientsByPhoneHandler,
  FindClientsByPhonesHandler,
  GetClientContactHandler,
  GetClientHandler,
  ListClientsHandler,
} from './application/clients.queries';
import { GetClientContactsHandler } from './application/clients-batch.queries';
import { PlatformFirmsController } from './interface/http/platform-firms.controller';
import { AuthController } from './interface/http/auth.controller';
import { MembersController } from './interface/http/members.controller';
import { ClientsController } from './interface/http/clients.controller';
import { DemoSeeder } from './application/demo-seeder';
import { RememberedPhoneClients } from './application/remembered-phone-clients';

const commandHandlers = [
  ProvisionFirmHandler,
  CreateMemberHandler,
  LoginHandler,
  CreateClientHandler,
  UpdateClientHandler,
  SetClientPhoneHandler,
];
const queryHandlers = [
  GetMemberAccessHandler,
  ListMembersHandler,
  ListFirmMembersHandler,
  GetFirmHandler,
  ListClientsHandler,
  GetClientHandler,
  GetClientContactHandler,
  FindClientsByPhoneHandler,
  FindClientsByPhonesHandler,
  GetClientContactsHandler,
];

@Module({
  imports: [MikroOrmModule.forFeature([FirmEntity, MemberEntity, ClientEntity])],
  controllers: [PlatformFirmsController, AuthController, MembersController, ClientsController],
  providers: [...commandHandlers, ...queryHandlers, DemoSeeder, RememberedPhoneClients],
  exports: [DemoSeeder],
})
export class DirectoryModule {}
