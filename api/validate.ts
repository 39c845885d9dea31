import type { z } from 'zod';
import { validationError } from './errors.js';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  bigint: 'a whole number',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
  date: 'a date',
};

/**
 * Zod's own words for a value of the wrong type ("Invalid input: expected array, received
 * undefined"), in the API's: a field left out "is required", any other "must be a list". A schema's
 * own message comes first.
 */
const apiWords: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  return `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
};

/** `schema.safeParse(input)`, its refusals in the API's words. */
export const check = <S extends z.ZodType>(schema: S, input: unknown) => schema.safeParse(input, { error: apiWords });

/** Parses `input` with `schema` or throws a 400 naming the first field at fault. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = check(schema, input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
