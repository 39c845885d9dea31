import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { textProblem } from '../rules/text.js';
import { AppError } from './errors.js';

/** The longest file name kept (most file systems stop at 255). */
export const MAX_FILE_NAME = 255;

/**
 * Multipart uploads kept in memory (documents and exports are small), at most `maxBytes` a file and
 * `files` files; file names decoded as UTF-8 (Cyrillic names arrive intact). Used as multer is
 * (`single`, `array`, `fields`), with two more refusals, each a 400 rather than a 500:
 *  - a body busboy cannot read (a part header cut short, no boundary, the form ending early):
 *    `malformed_multipart`;
 *  - a file name that is not clean text (rules/text.ts) or is longer than MAX_FILE_NAME: it is
 *    stored and shown to reviewers, so it is held to the same rule as any other field.
 */
export function uploads(maxBytes: number, files = 1) {
  const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: maxBytes, files, fields: 20 } });
  return {
    single: (name: string) => guarded(upload.single(name)),
    array: (name: string, maxCount?: number) => guarded(upload.array(name, maxCount)),
    fields: (fields: multer.Field[]) => guarded(upload.fields(fields)),
  };
}

function guarded(middleware: RequestHandler): RequestHandler {
  return (req, res, next) =>
    middleware(req, res, (err?: unknown) => {
      if (err) {
        // multer's own errors (limits, unexpected fields) are mapped in errors.ts; anything else is busboy refusing the body.
        if (err instanceof multer.MulterError || err instanceof AppError) return next(err);
        return next(
          new AppError(400, 'malformed_multipart', `The multipart body cannot be read: ${(err as Error)?.message ?? err}`, 'body'),
        );
      }
      for (const file of filesOf(req)) {
        const problem = textProblem(file.originalname, { max: MAX_FILE_NAME });
        if (problem) return next(new AppError(400, 'validation_failed', `${file.fieldname}: the file name ${problem}`, file.fieldname));
      }
      next();
    });
}

const filesOf = (req: Request): Express.Multer.File[] => [
  ...(req.file ? [req.file] : []),
  ...(Array.isArray(req.files) ? req.files : Object.values(req.files ?? {}).flat()),
];

/** The files of a multipart request with named fields (`upload.fields`), flattened. */
export const uploadedFiles = (req: Request) =>
  Object.values((req.files ?? {}) as Record<string, Express.Multer.File[]>)
    .flat()
    .map((f) => ({ field: f.fieldname, filename: f.originalname, content: f.buffer }));
