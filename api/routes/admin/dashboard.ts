/**
 * The console's dashboard: its figures (GET /admin/api/stats), and the list of ledger entries behind
 * the points figures (GET /admin/api/ledger-entries). Read-only; every staff role reads them.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { LEDGER_FLOW_NAMES } from '../../../db/ledger.js';
import { QUEUES } from '../../../db/stats.js';
import type { ApiDeps } from '../../deps.js';
import { AppError, fieldIssues } from '../../errors.js';
import { check } from '../../validate.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, json, routesOf } from '../../route-table.js';
import { dashboardStats, ledgerEntries } from '../../stats.js';
import { ListQuery, list } from '../../staff-answers.js';

/** How far back (and, for the expiry forecast, ahead) the dashboard looks by default, and at most. */
const StatsQuery = z.strictObject({
  months: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(36, 'must be at most 36')
    .default(12)
    .meta({ description: 'months of points, this one last; and of the expiry forecast, this one first' }),
  days: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(366, 'must be at most 366')
    .default(30)
    .meta({ description: 'days of registrations and activations, today last' }),
});

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');
const EntryFilter = z.object({
  flow: z.enum(LEDGER_FLOW_NAMES, `must be one of ${LEDGER_FLOW_NAMES.join(', ')}`).optional(),
  month: Month.optional(),
  expiring: Month.optional(),
  participant_id: z.uuid('must be a participant id').optional(),
});

const count = z.number().int();
const Stats = z.object({
  generated_at: z.string(),
  flows: z.array(z.enum(LEDGER_FLOW_NAMES)),
  points: z.array(z.object({ month: z.string(), credited: count, spent: count, donated: count, expired: count, annulled: count })),
  expiry: z.array(z.object({ month: z.string(), points: count, participants: count })),
  queues: z.array(
    z.object({
      queue: z.enum(Object.keys(QUEUES) as [keyof typeof QUEUES]),
      waiting: count,
      oldest_at: z.string().nullable(),
      oldest_seconds: count.nullable(),
    }),
  ),
  enrolment: z.array(z.object({ day: z.string(), registered: count, activated: count })),
  tiers: z.array(
    z.object({ tier: z.string().nullable().meta({ description: "A1: the tier's code; null: no tier" }), participants: count }),
  ),
});

const SORTABLE = { id: 'id', created_at: 'created_at', amount: 'amount' };

export const staffDashboardRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/stats': {
    access: staffRole('support'),
    tag: 'Dashboard',
    summary: "The dashboard's figures: points by month, the expiry forecast, the work queues, registrations and activations by day, tiers",
    description:
      'Months and days in UTC. Points by month are positive sums of the flows credited, spent, donated (A3), expired (R20) and annulled (reversals, closed accounts, negative adjustments); each is the total of GET /admin/api/ledger-entries with that flow and month.',
    query: StatsQuery,
    responses: { 200: json(Stats, 'The figures') },
  },
  'GET /admin/api/ledger-entries': {
    access: staffRole('support'),
    tag: 'Points ledger',
    summary: "Every participant's ledger entries, the list behind the dashboard's points",
    description:
      'Filters (`filter` JSON): `flow` (credited, spent, donated, expired, annulled), `month` (YYYY-MM, UTC, when the entry was made), `expiring` (YYYY-MM: credits whose lot still holds points that expire then), `participant_id`.',
    query: ListQuery,
    responses: { 200: list('ledger-entries', 'ledger entries') },
  },
});

export function staffDashboardRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = routesOf(staffDashboardRoutes, deps);

  router.on('GET /admin/api/stats', async ({ query }, _req, res) => {
    res.json(await dashboardStats(pool, query));
  });

  router.on('GET /admin/api/ledger-entries', async (_in, req, res) => {
    const q = parseListQuery(req.query, SORTABLE, ['id', 'DESC']);
    const parsed = check(EntryFilter, q.filter);
    if (!parsed.success) {
      const [{ field, message }] = fieldIssues(parsed.error, ['filter']);
      throw new AppError(400, 'validation_failed', `${field}: ${message}`, field);
    }
    const { rows, total } = await ledgerEntries(pool, q, parsed.data);
    sendList(res, 'ledger-entries', q, rows, total);
  });

  return router.done();
}
