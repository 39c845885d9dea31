/**
 * A refusal in the API's words (api/validate.ts, api/errors.ts): a field left out is required, a
 * wrong type is named in plain words, an unknown key is a field of its own, a schema's own message wins.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../../api/errors.js';
import { check } from '../../api/validate.js';

const Shape = z.strictObject({
  pair: z.tuple([z.number(), z.number()]),
  tags: z.record(z.string(), z.number()),
  names: z.array(z.string()),
  flag: z.boolean(),
  count: z.number('must be a count'),
});

const issuesOf = (input: unknown, prefix: string[] = []) => {
  const result = check(Shape, input);
  if (result.success) throw new Error('expected a refusal');
  return fieldIssues(result.error, prefix);
};

describe('refusals in the API words', () => {
  it('says a field left out is required, and a wrong type in plain words', () => {
    expect(issuesOf({})).toEqual([
      { field: 'pair', message: 'is required' },
      { field: 'tags', message: 'is required' },
      { field: 'names', message: 'is required' },
      { field: 'flag', message: 'is required' },
      { field: 'count', message: 'must be a count' },
    ]);
    expect(issuesOf({ pair: 'x', tags: 5, names: {}, flag: 'yes', count: 1 })).toEqual([
      { field: 'pair', message: 'must be a list' },
      { field: 'tags', message: 'must be an object' },
      { field: 'names', message: 'must be a list' },
      { field: 'flag', message: 'must be true or false' },
    ]);
  });

  it('names each unknown key as its own field, under a prefix, its name capped', () => {
    const valid = { pair: [1, 2], tags: {}, names: [], flag: true, count: 1 };
    const long = 'k'.repeat(500);
    expect(issuesOf({ ...valid, discount: 5, [long]: 1 }, ['filter'])).toEqual([
      { field: 'filter.discount', message: 'is not a field of this request' },
      { field: `filter.${'k'.repeat(100)}`, message: 'is not a field of this request' },
    ]);
  });
});
