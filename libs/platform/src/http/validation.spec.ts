import { IsIn, IsString, MaxLength } from 'class-validator';
import { ValidationFailedError } from '@app/kernel';
import { createValidationPipe } from './validation';

class TextDto {
  @IsIn(['sms'])
  channel!: string;

  @IsString()
  @MaxLength(10)
  body!: string;
}

async function errorsOf(value: unknown) {
  const pipe = createValidationPipe();
  try {
    await pipe.transform(value, { type: 'body', metatype: TextDto });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    return (error as ValidationFailedError).errors;
  }
  throw new Error('the pipe accepted the value');
}

describe('the validation pipe', () => {
  it('reports only the type of a value of the wrong type, not checks of its content', async () => {
    expect(await errorsOf({ channel: 'sms', body: 42 })).toEqual([
      { field: 'body', message: 'body must be a string' },
    ]);
  });

  it('reports the content checks of a value of the right type', async () => {
    expect(await errorsOf({ channel: 'fax', body: 'x'.repeat(11) })).toEqual([
      { field: 'channel', message: 'channel must be one of the following values: sms' },
      { field: 'body', message: 'body must be shorter than or equal to 10 characters' },
    ]);
  });

  it('names a field that is not allowed', async () => {
    expect(await errorsOf({ channel: 'sms', body: 'hi', extra: 1 })).toEqual([
      { field: 'extra', message: 'extra is not allowed' },
    ]);
  });
});
