import { maskEin, redactEins } from './ein';
import { nextStep, reviewDelaySeconds } from './registration-steps';
import {
  hasEmbeddedLink,
  hasEmbeddedPhone,
  hasOptOutLanguage,
  mentionsName,
} from './registration-rules';

describe('registration rules', () => {
  it('finds opt-out language as reviewers do', () => {
    expect(hasOptOutLanguage('Reply STOP to unsubscribe')).toBe(true);
    expect(hasOptOutLanguage('Text us to opt-out at any time')).toBe(true);
    expect(hasOptOutLanguage('Please stop by the office')).toBe(false);
  });

  it('matches the firm’s name ignoring case, punctuation, & and the legal ending', () => {
    expect(mentionsName('HILL AND DALE CPAS: hello', 'Hill & Dale CPAs')).toBe(true);
    expect(mentionsName('Hill & Dale CPAs: hello', 'Hill and Dale CPAs, LLC')).toBe(true);
    expect(mentionsName('Hilland Dale: hello', 'Hill & Dale CPAs')).toBe(false);
    expect(mentionsName('anything', '')).toBe(false);
  });

  it('spots links and phone numbers in samples', () => {
    expect(hasEmbeddedLink('see https://x.example/a')).toBe(true);
    expect(hasEmbeddedLink('visit hillanddale.com today')).toBe(true);
    expect(hasEmbeddedLink('no link here.')).toBe(false);
    expect(hasEmbeddedPhone('call (503) 555-0100')).toBe(true);
    expect(hasEmbeddedPhone('your 2024 return')).toBe(false);
  });

  it('masks EINs, with or without the hyphen, and leaves longer numbers alone', () => {
    expect(maskEin('6789')).toBe('**-***6789');
    expect(redactEins('Tax ID 12-3456789 and 123456789 differ')).toBe(
      'Tax ID **-***6789 and **-***6789 differ',
    );
    expect(redactEins('order 5035550100')).toBe('order 5035550100');
  });

  it('walks the steps in order and doubles the review wait up to an hour', () => {
    expect(nextStep('customer_profile')).toBe('trust_product');
    expect(nextStep('messaging_service')).toBe('campaign');
    expect(nextStep('campaign')).toBeNull();
    expect([0, 1, 2, 3].map((n) => reviewDelaySeconds(n, 60))).toEqual([60, 120, 240, 480]);
    expect(reviewDelaySeconds(10, 60)).toBe(3600);
    expect(reviewDelaySeconds(50, 7200)).toBe(7200);
  });
});
