/**
 * The staff API's answers as its OpenAPI document describes them (/admin/api/openapi.json). The staff
 * API answers the console, which reads the rows as the database names them (snake_case columns, plus
 * what each screen joins in), so its records are documented as records of a named resource rather
 * than field by field; its requests are documented exactly (the same zod schemas validate them).
 */
import { z } from 'zod';
import { LIST_EXACT_COUNT_LIMIT } from '../db/list-query.js';
import { json, type ResponseSpec } from './route-table.js';

export const StaffRecord = z.record(z.string(), z.unknown()).meta({
  id: 'StaffRecord',
  description: 'A record as the console shows it: the columns of its table in snake_case, and what its screen joins in.',
});

/** One record of `what`. */
export const record = (what: string, status = 'The record'): ResponseSpec => json(StaffRecord, `${status}: ${what}`);

/** A page of a list (the ra-data-simple-rest protocol, api/list-query.ts). */
export const list = (resource: string, what: string): ResponseSpec =>
  json(z.array(StaffRecord), `A page of ${what}`, {
    'Content-Range': `\`${resource} <first>-<last>/<total>\`: the page's place in the whole list; \`total\` is exact up to ${LIST_EXACT_COUNT_LIMIT} rows, the planner's estimate above`,
  });

/** The list protocol's query parameters (parsed by api/list-query.ts, which names the field at fault). */
export const ListQuery = z.object({
  sort: z
    .string()
    .optional()
    .meta({ description: 'JSON `["field","ASC"|"DESC"]`, a field the list sorts by', example: '["created_at","DESC"]' }),
  range: z.string().optional().meta({ description: 'JSON `[first, last]`, at most 1000 rows (default `[0,24]`)', example: '[0,24]' }),
  filter: z
    .string()
    .optional()
    .meta({ description: 'JSON object of the list\'s filters, e.g. `{"status":"open","q":"anna"}`', example: '{"status":"open"}' }),
});
