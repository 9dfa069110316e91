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
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
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
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  431: 'headers_too_large',
};

interface RefusedRequest {
  status: number;
  detail: string;
  /** The part of the request at fault, for a 400 `validation_failed`. */
  field?: string;
}

/**
 * Requests refused before any route, so before Nest: by Fastify's router (`frameworkErrors`) or
 * by Node's HTTP parser (`clientErrorHandler`), keyed by their error code.
 */
const REFUSED_BEFORE_ROUTING = new Map<string, RefusedRequest>([
  [
    'FST_ERR_BAD_URL',
    { status: 400, field: 'path', detail: 'The path is not valid percent-encoded UTF-8.' },
  ],
  // Every path parameter is an id, and no id is this long: the answer to any id of nothing.
  ['FST_ERR_MAX_PARAM_LENGTH', { status: 404, detail: 'Not found.' }],
  ['ERR_HTTP_REQUEST_TIMEOUT', { status: 408, detail: 'The request did not arrive in time.' }],
  ['HPE_HEADER_OVERFLOW', { status: 431, detail: 'The request headers are too large.' }],
]);

/** Whatever else Node's HTTP parser refuses: a bad request line, header or Content-Length. */
const MALFORMED_REQUEST: RefusedRequest = {
  status: 400,
  field: 'request',
  detail: 'The request is not valid HTTP/1.1.',
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
  const refused = REFUSED_BEFORE_ROUTING.get(codeOf(error));
  if (refused) return refusedProblem(refused);
  const status = httpStatusOf(error);
  // Malformed bodies (broken JSON, a wrong form encoding) are the caller's validation problem.
  if (status === 400) return validationFailed('body', detailOf(error, 400));
  if (status !== null && status < 500) return httpProblem(status, detailOf(error, status));
  return {
    type: 'https://docs.assurepro.example/problems/internal_error',
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side. It has been logged.',
    code: 'internal_error',
  };
}

/** A request Node's HTTP parser refused: always the caller's doing, so never a 500. */
export function clientErrorProblem(error: unknown): Problem {
  return refusedProblem(REFUSED_BEFORE_ROUTING.get(codeOf(error)) ?? MALFORMED_REQUEST);
}

function refusedProblem({ status, detail, field }: RefusedRequest): Problem {
  return status === 400
    ? validationFailed(field ?? 'request', detail)
    : httpProblem(status, detail);
}

function validationFailed(field: string, detail: string): Problem {
  return {
    type: 'https://docs.assurepro.example/problems/validation_failed',
    title: TITLES[400],
    status: 400,
    detail,
    code: 'validation_failed',
    errors: [{ field, message: detail }],
  };
}

function httpProblem(status: number, detail: string): Problem {
  const code = HTTP_CODES[status] ?? 'bad_request';
  return {
    type: `https://docs.assurepro.example/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  };
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
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
