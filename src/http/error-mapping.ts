// The one place errors become HTTP responses. 403 says nothing about what exists; 400 names the
// field; nothing about a child ever goes into an error body or the log.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type AppErrorKind, type ErrorCode } from '../app/app-error.ts';
import type { ErrorBody, ErrorKind } from '../contract/errors.ts';
import { StaleVersionError } from '../app/ports/dispute-store.ts';
import { formatPath } from '../core/protocol/parse-protocol.ts';

const statusOf: Record<AppErrorKind, number> = {
  'bad-request': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
};

/** The code an error body carries when the sender names none: one per kind. */
const codeOfKind: Record<ErrorKind, ErrorCode> = {
  'bad-request': 'bad-request',
  unauthorized: 'unauthorized',
  forbidden: 'not-allowed',
  'not-found': 'not-found',
  conflict: 'conflict',
  unprocessable: 'unprocessable',
  'too-many-requests': 'too-many-requests',
  internal: 'internal',
};

/** Sends an error body (src/contract/errors.ts); `code` defaults to the kind's. */
export function sendError(
  reply: FastifyReply,
  status: number,
  body: Omit<ErrorBody, 'code'> & { code?: ErrorCode },
) {
  const { error, code, ...rest } = body;
  const full: ErrorBody = { error, code: code ?? codeOfKind[error], ...rest };
  return reply.status(status).type('application/json').send(full);
}

export function zodToBadRequest(error: z.ZodError, prefix = ''): AppError {
  const issues = error.issues.map((i) => ({
    field: `${prefix}${formatPath(i.path)}` || '(body)',
    message:
      i.code === 'unrecognized_keys'
        ? `unknown field${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}`
        : i.message,
  }));
  const first = issues[0]!;
  return new AppError('bad-request', `${first.field}: ${first.message}`, first.field, { issues });
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: error.kind, code: error.code, message: error.message };
    if (error.field) body.field = error.field;
    const details = error.details as { issues?: ErrorBody['issues'] } | undefined;
    if (details?.issues) body.issues = details.issues;
    else if (details !== undefined) body.details = details;
    return sendError(reply, statusOf[error.kind], body);
  }
  if (error instanceof StaleVersionError)
    return sendError(reply, 409, {
      error: 'conflict',
      code: 'version-conflict',
      message: 'This dispute changed while you were acting on it. Please look again before acting.',
    });
  const fe = error as FastifyError;
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON' || (fe.statusCode === 400 && /JSON/i.test(fe.message)))
    return sendError(reply, 400, {
      error: 'bad-request',
      code: 'invalid-json',
      message: 'The request body is not valid JSON.',
    });
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return sendError(reply, 400, {
      error: 'bad-request',
      code: 'empty-body',
      message: 'The request body is empty.',
    });
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return sendError(reply, 415 as number, {
      error: 'bad-request',
      code: 'unsupported-media-type',
      message: 'Send the body as application/json.',
    });
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return sendError(reply, 413, {
      error: 'bad-request',
      code: 'body-too-large',
      message: 'The request body is too large.',
    });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return sendError(reply, fe.statusCode, { error: 'bad-request', message: fe.message });
  request.log.error({ err: { type: fe.name, code: fe.code, stack: fe.stack } }, 'unhandled error');
  return sendError(reply, 500, {
    error: 'internal',
    message: 'Something went wrong on our side. Nothing was changed.',
  });
}
