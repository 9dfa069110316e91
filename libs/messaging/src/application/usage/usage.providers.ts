import type { Provider, Type } from '@nestjs/common';
import { UsageController } from '../../interface/http/usage.controller';
import { GetSmsUsageHandler } from './get-sms-usage.query';

/** Monthly SMS usage in segments against the firm's allowance. */
export const usageProviders: Provider[] = [GetSmsUsageHandler];
export const usageControllers: Type[] = [UsageController];
