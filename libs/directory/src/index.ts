export * from './directory.module';
export * from './contracts/client.contracts';
export { DemoSeeder, type DemoLogin } from './application/demo-seeder';
