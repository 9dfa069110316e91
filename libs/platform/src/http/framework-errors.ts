import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { clientErrorProblem, problemFor } from './problem-details.filter';

/**
 * Fastify's `frameworkErrors`: requests its router refuses before any route, so before Nest's
 * filter sees them (a path that is not valid percent-encoding, an over-long parameter).
 */
export function replyToFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const problem = problemFor(error);
  void reply
    .status(problem.status)
    .header('x-request-id', request.id)
    .header('Content-Type', 'application/problem+json')
    .send(problem);
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (a Content-Length that is
 * not a number, a header line without a colon, headers too large). There is only the socket, so
 * the answer is written raw and the connection closed, as Fastify's default does.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // The peer has gone: there is no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const problem = clientErrorProblem(error);
    const body = JSON.stringify(problem);
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
