import { Clock } from '@app/kernel';
import type {
  RegistrationSubmission,
  StepResources,
} from '../../application/registration/registration-provider.port';
import {
  SANDBOX_REVIEW_MS,
  SandboxRegistrationProvider,
} from './sandbox-registration-provider.adapter';

class TestClock extends Clock {
  at = Date.parse('2026-11-29T10:00:00Z');
  now(): Date {
    return new Date(this.at);
  }
}

function memory(): StepResources {
  const saved: Record<string, string> = {};
  return { get: (role) => saved[role], remember: async (role, sid) => void (saved[role] = sid) };
}

function submission(samples: string[]): RegistrationSubmission {
  return {
    registrationId: 'r',
    firmId: 'f',
    form: { campaign: { sampleMessages: samples } } as RegistrationSubmission['form'],
  };
}

describe('SandboxRegistrationProvider', () => {
  const clock = new TestClock();
  const sandbox = new SandboxRegistrationProvider(clock);
  const good = submission([
    'Firm: ready. Reply STOP to opt out.',
    'Firm: thanks. Reply STOP to opt out.',
  ]);

  it('approves the profiles at once and the brand after a short review', async () => {
    const r = memory();
    expect(await sandbox.customerProfile(good, r)).toEqual({ kind: 'approved' });
    expect((await sandbox.brand(good, r)).kind).toBe('in_review');
    clock.at += SANDBOX_REVIEW_MS;
    expect(await sandbox.brand(good, r)).toEqual({ kind: 'approved' });
  });

  it('rejects a campaign whose samples do not all say how to opt out, naming them', async () => {
    const r = memory();
    const bad = submission(['Firm: ready. Reply STOP to opt out.', 'Firm: thanks for the papers.']);
    expect((await sandbox.campaign(bad, r)).kind).toBe('in_review');
    clock.at += SANDBOX_REVIEW_MS;
    const outcome = await sandbox.campaign(bad, r);
    expect(outcome).toEqual({
      kind: 'rejected',
      reason: expect.stringContaining('sample 2 does not'),
    });
  });

  it('records the number it was given as placed in the service', async () => {
    const r = memory();
    await sandbox.messagingService(good, r, { carrierId: 'SBabc', phoneNumber: '+15035550142' });
    expect(r.get('phoneNumber')).toBe('SBabc');
    expect(r.get('messagingService')).toMatch(/^SBMG/);
  });
});
