import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import multer from 'multer';
import type { z } from 'zod';
import { isDatabaseUnavailable } from '../db/pool.js';
import { componentLogger } from '../infra/logger.js';

const log = componentLogger('api');

/** A refusal the client can act on: HTTP status, a stable code, a message, and the field at fault. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * Not a refusal: the workflow has taken the request but not finished it within API_WORKFLOW_WAIT_MS.
 * Thrown to end the route early; answered 202 with `location`, where the client follows the work.
 */
export class Accepted extends Error {
  constructor(
    readonly location: string,
    message = 'Accepted and still in progress: follow Location for the outcome',
  ) {
    super(message);
  }
}

export const fieldOf = (path: PropertyKey[]): string => path.map(String).join('.');

/** One field at fault and what is wrong with it. */
export interface FieldIssue {
  field: string;
  message: string;
}

// An unknown key is echoed back as its field: capped, since a client chose its length.
const KEY_SHOWN = 100;

/**
 * A schema's refusal as the fields at fault, each under `prefix` (a query parameter's name, say). A
 * strict object's unknown keys become one issue each, named by the key, so a client that sent
 * `agency` instead of `agencyInn` is told `agency` is not a field here, not that the body is wrong.
 */
export function fieldIssues(error: z.ZodError, prefix: PropertyKey[] = []): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: fieldOf([...prefix, ...issue.path, key.slice(0, KEY_SHOWN)]),
          message: 'is not a field of this request',
        }))
      : [{ field: fieldOf([...prefix, ...issue.path]), message: issue.message }],
  );
}

export function validationError(error: z.ZodError): AppError {
  const issues = fieldIssues(error);
  const first = issues[0];
  return new AppError(400, 'validation_failed', `${first.field || 'body'}: ${first.message}`, first.field || undefined, { issues });
}

/** A body that is JSON but not an object (an array, `null`, a number). */
export const notAnObject = () =>
  new AppError(400, 'validation_failed', 'body: must be a JSON object', 'body', {
    issues: [{ field: 'body', message: 'must be a JSON object' }],
  });

function isJson(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export const notFound: RequestHandler = (req, _res, next) => next(new AppError(404, 'not_found', `No route for ${req.method} ${req.path}`));

// body-parser's refusals of a body it cannot read, by their `type`.
const BODY_REFUSALS: Record<string, [status: number, code: string, message: string, field: string]> = {
  'charset.unsupported': [415, 'unsupported_charset', "The body's charset is not supported: send UTF-8", 'Content-Type'],
  'encoding.unsupported': [
    415,
    'unsupported_encoding',
    'The Content-Encoding is not supported: send identity, gzip, deflate or br',
    'Content-Encoding',
  ],
  'entity.verify.failed': [400, 'malformed_body', 'The request body was refused', 'body'],
  'request.aborted': [400, 'request_aborted', 'The request body ended before it was complete', 'body'],
  'request.size.invalid': [400, 'malformed_body', 'The request body is not as long as its Content-Length says', 'body'],
  'parameters.too.many': [413, 'body_too_large', 'The request body has too many parameters', 'body'],
};

/**
 * A request the server could not even read, as a 4xx naming what is wrong: body-parser's refusals,
 * a malformed %-escape in the path (the router decodes params and throws a URIError), any other
 * client error the libraries flag as safe to show. Last, a PostgreSQL data error (class 22: a value
 * it cannot take) is still the input's fault; validation should have refused it, so it is logged.
 */
function unreadableRequest(err: any, req: Parameters<ErrorRequestHandler>[1]): AppError | null {
  const body = typeof err?.type === 'string' ? BODY_REFUSALS[err.type] : undefined;
  if (body) return new AppError(...body);
  if (err instanceof URIError) return new AppError(400, 'malformed_path', 'The path holds a malformed %-escape', 'path');
  // zlib's errors (Z_DATA_ERROR, a Brotli format error…), passed on by body-parser as a 400.
  if (err?.status === 400 && typeof err?.errno === 'number') {
    return new AppError(400, 'malformed_body', 'The request body cannot be decompressed as its Content-Encoding says', 'Content-Encoding');
  }
  if (Number.isInteger(err?.status) && err.status >= 400 && err.status < 500 && err.expose === true) {
    return new AppError(err.status, 'bad_request', String(err.message));
  }
  if (typeof err?.code === 'string' && /^22[0-9A-Z]{3}$/.test(err.code) && typeof err?.severity === 'string') {
    log.warn(
      { method: req.method, path: req.path, code: err.code, error: String(err.message) },
      'a value reached PostgreSQL that validation should have refused',
    );
    return new AppError(400, 'invalid_input', 'A value in the request cannot be stored', undefined);
  }
  // A unique violation that a check before it could not see (two identical requests at once): the
  // second one finds what the first created. Routes that can name the field map it themselves.
  if (err?.code === '23505' && typeof err?.severity === 'string') {
    return new AppError(409, 'already_exists', 'Something with these details was just created by another request', undefined);
  }
  return null;
}

/** The one place errors become responses: 4xx as they are, anything else a 500 with a correlation id. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof multer.MulterError) {
    err =
      err.code === 'LIMIT_FILE_SIZE'
        ? new AppError(413, 'file_too_large', `${err.field} is larger than allowed`, err.field)
        : new AppError(400, 'bad_upload', err.message, err.field);
  } else if (err?.type === 'entity.parse.failed') {
    // express.json takes only objects and arrays: `null` or `5` is JSON, but not a body of this API.
    err = isJson(err.body) ? notAnObject() : new AppError(400, 'malformed_json', 'The request body is not valid JSON', 'body');
  } else if (err?.type === 'entity.too.large') {
    err = new AppError(413, 'body_too_large', 'The request body is too large', 'body');
  } else {
    err = unreadableRequest(err, req) ?? err;
  }
  // How long a client should wait before asking again (API_RETRY_AFTER_MS, set on the app by createApp).
  const retryAfter = String(req.app.get('retryAfterSeconds') ?? 1);
  if (err instanceof Accepted) {
    res
      .status(202)
      .location(err.location)
      .set('Retry-After', retryAfter)
      .json({ status: 'accepted', message: err.message, location: err.location });
    return;
  }
  if (!(err instanceof AppError) && isDatabaseUnavailable(err)) {
    log.warn({ method: req.method, path: req.path, error: String(err?.message ?? err) }, 'database unavailable');
    err = new AppError(503, 'database_unavailable', 'The database is not available right now; try again shortly');
  }
  if (err instanceof AppError) {
    if (err.status === 503) res.set('Retry-After', retryAfter);
    res.status(err.status).json({ error: { code: err.code, message: err.message, field: err.field, ...err.extra } });
    return;
  }
  // The request's id (api/observability.ts) is the id support is quoted: the log lines of the request carry it.
  const correlationId = typeof res.locals.requestId === 'string' ? res.locals.requestId : randomUUID();
  log.error({ correlationId, method: req.method, path: req.path, err }, 'unexpected error');
  res.status(500).json({ error: { code: 'internal', message: 'Unexpected error; quote the correlation id to support', correlationId } });
};
