import type { StepResources } from '../../application/registration/registration-provider.port';
import { carrierReasons } from './carrier-reasons';
import { ensureResource } from './ensure-resource';

function memory(
  initial: Record<string, string> = {},
): StepResources & { saved: Record<string, string> } {
  const saved = { ...initial };
  return {
    saved,
    get: (role) => saved[role],
    remember: async (role, sid) => void (saved[role] = sid),
  };
}

describe('ensureResource', () => {
  it('creates once, recording the intent first and the id after', async () => {
    const r = memory();
    const find = jest.fn(async () => undefined);
    const create = jest.fn(async () => 'BU1');
    expect(await ensureResource(r, 'profile', find, create)).toBe('BU1');
    expect(await ensureResource(r, 'profile', find, create)).toBe('BU1');
    expect(create).toHaveBeenCalledTimes(1);
    expect(find).not.toHaveBeenCalled();
    expect(r.saved).toEqual({ 'profile.creating': 'true', profile: 'BU1' });
  });

  it('after a crash between creating and recording, finds the resource instead of a second one', async () => {
    const r = memory({ 'profile.creating': 'true' });
    const create = jest.fn(async () => 'BU2');
    expect(await ensureResource(r, 'profile', async () => 'BU1', create)).toBe('BU1');
    expect(create).not.toHaveBeenCalled();
    expect(r.saved.profile).toBe('BU1');
  });

  it('creates when the earlier attempt never reached the carrier', async () => {
    const r = memory({ 'profile.creating': 'true' });
    expect(
      await ensureResource(
        r,
        'profile',
        async () => undefined,
        async () => 'BU3',
      ),
    ).toBe('BU3');
  });

  it('always looks a shared resource up first', async () => {
    const r = memory();
    const create = jest.fn(async () => 'MG2');
    expect(
      await ensureResource(r, 'service', async () => 'MG1', create, { alwaysLookUp: true }),
    ).toBe('MG1');
    expect(create).not.toHaveBeenCalled();
  });
});

describe('carrierReasons', () => {
  it('collects the reasons of errors and failed evaluation results, masking EINs and phones', () => {
    const reason = carrierReasons(
      'fallback',
      [{ code: 30794, description: 'Tax ID 12-3456789 mismatch' }],
      [
        { passed: true, failure_reason: 'ignored' },
        {
          passed: false,
          failure_reason: 'Business Information is invalid',
          invalid: [{ failure_reason: 'phone +15035550100 is not valid' }],
        },
      ],
    );
    expect(reason).toBe(
      'Tax ID **-***6789 mismatch; Business Information is invalid; phone ***0100 is not valid',
    );
    expect(carrierReasons('no reason given', null, [])).toBe('no reason given');
  });
});
