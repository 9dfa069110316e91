import type { Provider, Type } from '@nestjs/common';
import { EinCipher } from '../../infrastructure/registration/ein-cipher';
import { registrationProviderFactory } from '../../infrastructure/registration/registration-provider.factory';
import { RegistrationStepEntity } from '../../infrastructure/registration/registration-step.entity';
import { RegistrationEntity } from '../../infrastructure/registration/registration.entity';
import { RegistrationRepository } from '../../infrastructure/registration/registration.repository';
import { RegistrationController } from '../../interface/registration/registration.controller';
import { AttachRegisteredNumberJob } from './attach-registered-number.job';
import { GetRegistrationHandler } from './get-registration.query';
import {
  GetMessagingServiceHandler,
  GetRegistrationStatusHandler,
} from './registration-status.handlers';
import { RegistrationStepJobRunner } from './registration-step.job';
import { RegistrationViews } from './registration-views';
import { RegistrationWorkflow } from './registration-workflow';
import { SubmitRegistrationHandler } from './submit-registration.handler';

/** A2P 10DLC registration: the form, the durable workflow and what others may ask of it. */
export const registrationProviders: Provider[] = [
  SubmitRegistrationHandler,
  GetRegistrationHandler,
  GetRegistrationStatusHandler,
  GetMessagingServiceHandler,
  RegistrationViews,
  RegistrationWorkflow,
  RegistrationStepJobRunner,
  AttachRegisteredNumberJob,
];
export const registrationAdapters: Provider[] = [
  registrationProviderFactory,
  RegistrationRepository,
  EinCipher,
];
export const registrationControllers: Type[] = [RegistrationController];
export const registrationEntities = [RegistrationEntity, RegistrationStepEntity];
