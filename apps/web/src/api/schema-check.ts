import type { components } from './schema';
import type {
  ActiveNumber,
  ActivityItem,
  AvailableNumber,
  Client,
  DemoInfo,
  Message,
  SmsAvailability,
  SmsPreview,
  Thread,
  UnmatchedMessage,
  User,
} from './types';
import type {
  BUSINESS_TYPES,
  BusinessType,
  INDUSTRIES,
  Industry,
  USE_CASES,
  UseCase,
} from '../pages/sms-registration';

/**
 * Compile-time guard (run by `npm run web:build`): every field the screens rely on is one the
 * server documents in its OpenAPI schema (`schema.d.ts`, from `npm run web:api-types`).
 */
type S = components['schemas'];
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Undocumented<Server, Ui> = Exclude<RequiredKeys<Ui>, keyof Server>;
type None<T extends never> = T;

export type SchemaChecks = [
  None<Undocumented<S['UserDto'], User>>,
  None<Undocumented<S['DemoDto'], DemoInfo>>,
  None<Undocumented<S['ClientDto'], Client>>,
  None<Undocumented<S['ActiveNumberDto'], ActiveNumber>>,
  None<Undocumented<S['AvailableNumberDto'], AvailableNumber>>,
  None<Undocumented<S['MessageDto'], Message>>,
  None<Undocumented<S['UnmatchedMessageDto'], UnmatchedMessage>>,
  None<Undocumented<S['ThreadDto'], Thread>>,
  None<Undocumented<S['SmsAvailabilityDto'], SmsAvailability>>,
  None<Undocumented<S['SmsPreviewDto'], SmsPreview>>,
  None<Undocumented<S['ActivityEntryDto'], ActivityItem>>,
  // Every value the server accepts is offered by the registration form.
  None<Exclude<BusinessType, (typeof BUSINESS_TYPES)[number]>>,
  None<Exclude<Industry, (typeof INDUSTRIES)[number]>>,
  None<Exclude<UseCase, (typeof USE_CASES)[number]['value']>>,
];
