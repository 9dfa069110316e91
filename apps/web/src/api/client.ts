/**
 * The one way the UI talks to the API: adds the bearer token, turns problem+json answers into
 * an ApiError with the stable `code`, and sends the person back to sign-in on a 401.
 */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
}

let currentToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setAccessToken(token: string | null): void {
  currentToken = token;
}

export function accessToken(): string | null {
  return currentToken;
}

export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(
  method: string,
  path: string,
  accept: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, ...options.headers };
  if (currentToken) headers.Authorization = `Bearer ${currentToken}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'network_error',
      'Can’t reach Assure Pro right now. Check your connection and try again.',
    );
  }
  if (response.ok) return response;

  let problem: Problem = {};
  try {
    problem = (await response.json()) as Problem;
  } catch {
    problem = {};
  }
  const error = new ApiError(
    response.status,
    problem.code ?? `http_${response.status}`,
    problem.detail ?? problem.title ?? `The server answered ${response.status}.`,
    problem.errors ?? [],
  );
  if (response.status === 401 && currentToken && unauthorizedHandler) unauthorizedHandler();
  throw error;
}

async function json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
  const response = await send(method, path, 'application/json', options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => json<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    json<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    json<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    json<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => json<T>('DELETE', path, options),
  /** A non-JSON download such as the activity CSV. */
  async blob(path: string, accept: string, options?: RequestOptions): Promise<Blob> {
    const response = await send('GET', path, accept, options);
    return response.blob();
  },
};

/** The user-facing sentence for any failure. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Please try again.';
}
