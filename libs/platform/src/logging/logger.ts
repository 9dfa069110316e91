import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { maskPhone } from '@app/kernel';

/** Masks phone numbers anywhere in a log line's strings, keeping the last four digits. */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhone(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskPhone(value.message),
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = REDACTED_KEYS.has(k.toLowerCase()) ? '[redacted]' : maskDeep(v, depth + 1);
  }
  return out;
}

const FRAMEWORK_CONTEXTS = new Set([
  'RouterExplorer',
  'RoutesResolver',
  'InstanceLoader',
  'NestFactory',
]);

const REDACTED_KEYS = new Set([
  'authorization',
  'password',
  'authtoken',
  'token',
  'accesstoken',
  'body',
  'x-twilio-signature',
  'cookie',
]);

export function createRootLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'assure-pro-sms' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => maskDeep(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPhone(a) : a)) as Parameters<
          typeof method
        >;
        method.apply(this, masked);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest's logger interface over pino, so framework and application logs share one JSON stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    // Nest's start-up chatter (one line per module and route) is useful only when debugging.
    this.write(context && FRAMEWORK_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string, trace?: string): void {
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (trace && level === 'error') fields.stack = trace;
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null)
      this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
