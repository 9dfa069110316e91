import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorKind } from '@app/kernel';

const STATUS: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_many_requests: 429,
  unavailable: 503,
  internal: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Framework-level HTTP errors that are the caller's doing, with our codes. */
const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problemFor(error: unknown): Problem {
  if (error instanceof DomainError) {
    const status = STATUS[error.kind];
    return {
      type: `https://docs.assurepro.example/problems/${error.code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: error.message,
      code: error.code,
      ...error.extensions,
    };
  }
  const status = httpStatusOf(error);
  if (status === 400) {
    // Malformed bodies (broken JSON, a wrong form encoding) are the caller's validation problem.
    return {
      type: 'https://docs.assurepro.example/problems/validation_failed',
      title: TITLES[400],
      status: 400,
      detail: detailOf(error, 400),
      code: 'validation_failed',
      errors: [{ field: 'body', message: detailOf(error, 400) }],
    };
  }
  if (status !== null && status < 500) {
    const code = HTTP_CODES[status] ?? 'bad_request';
    return {
      type: `https://docs.assurepro.example/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: detailOf(error, status),
      code,
    };
  }
  return {
    type: 'https://docs.assurepro.example/problems/internal_error',
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side. It has been logged.',
    code: 'internal_error',
  };
}

function httpStatusOf(error: unknown): number | null {
  if (error instanceof HttpException) return error.getStatus();
  // Fastify's own errors (malformed JSON, wrong content type, body too large) carry statusCode.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : null;
}

function detailOf(error: unknown, status: number): string {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  const fastifyCode = (error as { code?: unknown }).code;
  if (
    fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (error instanceof SyntaxError && status === 400)
  ) {
    return 'The request body is not valid JSON.';
  }
  if (error instanceof Error && error.message) return error.message;
  return TITLES[status] ?? 'Error';
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = problemFor(error);
    if (problem.status >= 500) {
      this.logger.error(
        {
          msg: 'unhandled error',
          reqId: request?.id,
          err: error instanceof Error ? error : String(error),
        },
        error instanceof Error ? error.stack : undefined,
      );
    }
    if (
      problem.status === HttpStatus.TOO_MANY_REQUESTS &&
      typeof problem.retryAfterSeconds === 'number'
    ) {
      void reply.header('Retry-After', String(problem.retryAfterSeconds));
    }
    if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer');
    void reply
      .status(problem.status)
      .header('Content-Type', 'application/problem+json')
      .send(problem);
  }
}
