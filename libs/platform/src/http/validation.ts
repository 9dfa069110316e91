import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '@app/kernel';

/** Checks of a value's type; when one fails, the checks of its content say nothing useful. */
const TYPE_CHECKS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject']);

/**
 * The messages of one field: only its type's when the value has the wrong type, so a number
 * sent as a text's body reads "body must be a string", not also a length it could not have.
 */
function messagesOf(constraints: Record<string, string>): string[] {
  const typeMessages = Object.keys(constraints)
    .filter((name) => TYPE_CHECKS.has(name))
    .map((name) => constraints[name]);
  return typeMessages.length > 0 ? typeMessages : Object.values(constraints);
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = messagesOf(e.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith('property ') ? `${field} is not allowed` : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The global pipe: unknown fields are refused, shapes are checked and values transformed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}
