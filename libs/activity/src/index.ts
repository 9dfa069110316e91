export * from './activity.module';
export { ACTIVITY_TYPES } from './domain/activity-type';
export type { ActivityType } from './domain/activity-type';
