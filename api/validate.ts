import type { z } from 'zod';
import { validationError } from './errors.js';

/** Parses `input` with `schema` or throws a 400 naming the first field at fault. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
