import { ValidationFailedError } from '@app/kernel';
import { firstNameOf, parseTemplateFields, renderTemplate } from './template';

describe('template fields', () => {
  it('lists the fields used, once each, in order of first use', () => {
    expect(
      parseTemplateFields(
        'Hi {{client.firstName}}, {{ member.firstName }} at {{firm.name}} here. {{client.firstName}}!',
      ),
    ).toEqual(['client.firstName', 'member.firstName', 'firm.name']);
    expect(parseTemplateFields('No fields at all.')).toEqual([]);
  });

  it.each([
    ['Hi {{client.lastName}}', 'unknown merge field {{client.lastName}}'],
    ['Hi {{client.firstName}', 'not closed'],
    ['Hi {{client.firstName', 'not closed'],
    ['Hi client.firstName}}', 'never opened'],
    ['Hi {{}}', 'unknown merge field {{}}'],
  ])('refuses %p naming the problem', (body, message) => {
    let error: unknown;
    try {
      parseTemplateFields(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).errors[0]).toEqual({
      field: 'body',
      message: expect.stringContaining(message),
    });
  });
});

describe('renderTemplate', () => {
  it('fills every field', () => {
    expect(
      renderTemplate('Hi {{client.firstName}}, this is {{member.firstName}} at {{firm.name}}.', {
        'client.firstName': 'Ana',
        'member.firstName': 'Riley',
        'firm.name': 'Hill & Dale CPAs',
      }),
    ).toEqual({ body: 'Hi Ana, this is Riley at Hill & Dale CPAs.', missingFields: [] });
  });

  it('drops a missing field with its space and reports it, leaving no braces', () => {
    expect(
      renderTemplate('Hi {{client.firstName}}, your return is ready.', {
        'client.firstName': null,
      }),
    ).toEqual({
      body: 'Hi, your return is ready.',
      missingFields: ['client.firstName'],
    });
    expect(renderTemplate('{{client.firstName}} your forms are in.', {})).toEqual({
      body: 'your forms are in.',
      missingFields: ['client.firstName'],
    });
  });
});

describe('firstNameOf', () => {
  it.each([
    ['Ana Ortiz', 'Ana'],
    ['  Mary Jane  Watson ', 'Mary'],
    ['Cher', null],
    ['Okafor Landscaping LLC', null],
    ['Birch Family Trust', null],
    ['Acme Inc.', null],
  ])('%p → %p', (name, expected) => {
    expect(firstNameOf(name)).toBe(expected);
  });
});
