import {
  REGISTRATION_STEP_NAMES,
  type RegistrationStepName,
  type RegistrationStepStatus,
} from '../../contracts/registration.contracts';

/** The step after `step`, or null after the campaign. */
export function nextStep(step: RegistrationStepName): RegistrationStepName | null {
  const index = REGISTRATION_STEP_NAMES.indexOf(step);
  return REGISTRATION_STEP_NAMES[index + 1] ?? null;
}

/** A job may act on a step only while the workflow is working on it or waiting for a review. */
export function isActiveStep(status: RegistrationStepStatus): boolean {
  return status === 'in_progress' || status === 'in_review';
}

/** Reviews take minutes to days: the wait doubles per poll, up to an hour (or the base, if longer). */
export function reviewDelaySeconds(polls: number, baseSeconds: number): number {
  const cap = Math.max(baseSeconds, 3600);
  return Math.min(baseSeconds * 2 ** Math.min(polls, 20), cap);
}

/** How long to wait before trying a step again after the carrier stayed unreachable for a while. */
export const CARRIER_OUTAGE_RETRY_SECONDS = 15 * 60;
