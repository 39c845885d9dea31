import type { Request } from 'express';
import multer from 'multer';

/**
 * Multipart uploads kept in memory (documents and exports are small), at most `maxBytes` a file and
 * `files` files; file names decoded as UTF-8 (Cyrillic names arrive intact).
 */
export const uploads = (maxBytes: number, files = 1) =>
  multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: maxBytes, files, fields: 20 } });

/** The files of a multipart request with named fields (`upload.fields`), flattened. */
export const uploadedFiles = (req: Request) =>
  Object.values((req.files ?? {}) as Record<string, Express.Multer.File[]>)
    .flat()
    .map((f) => ({ field: f.fieldname, filename: f.originalname, content: f.buffer }));
