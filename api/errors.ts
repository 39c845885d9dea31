import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import multer from 'multer';
import type { z } from 'zod';

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

export const fieldOf = (path: PropertyKey[]): string => path.map(String).join('.');

export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ field: fieldOf(i.path), message: i.message }));
  const first = issues[0];
  return new AppError(400, 'validation_failed', `${first.field || 'body'}: ${first.message}`, first.field || undefined, { issues });
}

export const notFound: RequestHandler = (req, _res, next) =>
  next(new AppError(404, 'not_found', `No route for ${req.method} ${req.path}`));

/** The one place errors become responses: 4xx as they are, anything else a 500 with a correlation id. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof multer.MulterError) {
    err = err.code === 'LIMIT_FILE_SIZE'
      ? new AppError(413, 'file_too_large', `${err.field} is larger than allowed`, err.field)
      : new AppError(400, 'bad_upload', err.message, err.field);
  } else if (err?.type === 'entity.parse.failed') {
    err = new AppError(400, 'malformed_json', 'The request body is not valid JSON', 'body');
  } else if (err?.type === 'entity.too.large') {
    err = new AppError(413, 'body_too_large', 'The request body is too large', 'body');
  }
  if (err instanceof AppError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, field: err.field, ...err.extra } });
    return;
  }
  const correlationId = randomUUID();
  console.error(JSON.stringify({ level: 'error', correlationId, method: req.method, path: req.path, error: String(err?.stack ?? err) }));
  res.status(500).json({ error: { code: 'internal', message: 'Unexpected error; quote the correlation id to support', correlationId } });
};
