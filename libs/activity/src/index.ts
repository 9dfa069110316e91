export * from './activity.module';
