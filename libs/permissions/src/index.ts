export * from './permissions.module';
export * from './domain/role-policy';
export * from './contracts/authenticated-member';
export * from './contracts/get-member-access.query';
export * from './contracts/can-perform.query';
export * from './interface/http/auth.decorators';
export { AccessGuard } from './interface/http/access.guard';
