export * from './numbers.module';
