/**
 * Staff API of partners (A2): admins keep the partners (earning rule, whether their points qualify,
 * pending period, price per point; every change audited) and their API clients; support reads them,
 * their accruals and monthly statements, and files a partner claim on a participant's behalf (A4).
 */
import type { Router } from 'express';
import { listAccruals, listPartners } from '../../../db/partners.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { parseListQuery, sendList } from '../../list-query.js';
import {
  PartnerChange,
  PartnerClientRequest,
  PartnerRequest,
  StaffPartnerClaim,
  StatementQuery,
  bindPartnerClient,
  changePartner,
  createPartner,
  openPartnerClaim,
  partnerStatement,
  partnerStatementCsv,
  requirePartner,
} from '../../partners.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { ListQuery, list, record } from '../../staff-answers.js';
import { accrualById } from '../../../db/partners.js';

const unknownPartner = refused('`partner_not_found`');

export const staffPartnerRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/partners': {
    access: staffRole('support'),
    tag: 'Partners',
    summary: 'Partners (A2), with their pending accruals and live API clients',
    description: 'Filters: `active`; `q` (the name).',
    query: ListQuery,
    responses: { 200: list('partners', 'partners') },
  },
  'GET /admin/api/partners/:id': {
    access: staffRole('support'),
    tag: 'Partners',
    summary: 'A partner, with the API clients bound to it',
    responses: { 200: record('the partner, with `clients`'), 404: unknownPartner },
  },
  'POST /admin/api/partners': {
    access: staffRole('admin'),
    tag: 'Partners',
    summary: 'Add a partner (A2), audited',
    body: PartnerRequest,
    responses: { 201: record('the partner', 'Created'), 409: refused('`partner_name_taken`') },
  },
  'PUT /admin/api/partners/:id': {
    access: staffRole('admin'),
    tag: 'Partners',
    summary:
      'Change a partner (or withdraw it: `active: false`); accruals already posted keep their points and due instant. Audited with each change',
    body: PartnerChange,
    responses: { 200: record('the partner'), 404: unknownPartner, 409: refused('`partner_name_taken`') },
  },
  'POST /admin/api/partners/:id/api-client': {
    access: staffRole('admin'),
    tag: 'Partners',
    summary:
      "The partner's API client: bind an existing client (it gets the `partner` scope), or create one whose first key is shown once. Audited",
    body: PartnerClientRequest,
    responses: {
      201: record('the new client with its `key`, shown this once', 'Created'),
      200: record('the client, bound'),
      404: refused('`partner_not_found`, `api_client_not_found`'),
      409: refused('`client_bound_elsewhere`'),
    },
  },
  'GET /admin/api/partners/:id/statement': {
    access: staffRole('support'),
    tag: 'Partners',
    summary: "The partner's monthly statement (UTC): the accruals credited and the reversals made in the month, and what the partner owes",
    query: StatementQuery,
    responses: {
      200: record(
        '`{ partner, month, accruals, reversals, totals: { accruals, accrued_points, reversals, reversed_points, net_points, owed_kopecks, owed } }`',
      ),
      404: unknownPartner,
    },
  },
  'GET /admin/api/partners/:id/statement.csv': {
    access: staffRole('support'),
    tag: 'Partners',
    summary:
      "The partner's monthly statement as CSV (semicolons, UTF-8 with BOM): a line per accrual and per reversal, then the total owed",
    query: StatementQuery,
    responses: { 200: { description: 'The statement', type: 'text/csv' }, 404: unknownPartner },
  },
  'GET /admin/api/partner-accruals': {
    access: staffRole('support'),
    tag: 'Partners',
    summary: "Partners' accruals, filtered and sorted",
    description: 'Filters: `partner_id`, `participant_id`, `status`; `q` (a transaction id).',
    query: ListQuery,
    responses: { 200: list('partner-accruals', 'accruals') },
  },
  'GET /admin/api/partner-accruals/:accrualId': {
    access: staffRole('support'),
    tag: 'Partners',
    summary: 'An accrual',
    responses: { 200: record('the accrual'), 404: refused('`accrual_not_found`') },
  },
  'POST /admin/api/partner-claims': {
    access: staffRole('support'),
    tag: 'Claims queue',
    summary: "File a claim of a partner's transaction on a participant's behalf (A2, A4)",
    body: StaffPartnerClaim,
    responses: {
      201: record('the claim', 'Opened; a reviewer decides before its deadline'),
      404: refused('`participant_not_found`, `partner_not_found`'),
      409: refused('`partner_accrual_exists`, `claim_already_open`, `partner_inactive`'),
      422: refused(
        '`date_before_registration` (R8), `date_in_future`, `amount_required`, `kind_required`, `kind_unknown`, `earns_nothing`',
      ),
    },
  },
});

export function staffPartnersRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = routesOf(staffPartnerRoutes, deps);

  router.on('GET /admin/api/partners', async (_in, req, res) => {
    const q = parseListQuery(
      req.query,
      {
        name: 'name',
        active: 'active',
        pending: 'pending',
        pending_period_ms: 'pending_period_ms',
        created_at: 'created_at',
        updated_at: 'updated_at',
      },
      ['name', 'ASC'],
    );
    const { rows, total } = await listPartners(pool, q);
    sendList(res, 'partners', q, rows, total);
  });

  router.on('GET /admin/api/partners/:id', async (_in, req, res) => {
    res.json(await requirePartner(pool, req.params.id));
  });

  router.on('POST /admin/api/partners', async ({ body }, req, res) => {
    res.status(201).json(await createPartner(pool, body, staffActor(req)));
  });

  router.on('PUT /admin/api/partners/:id', async ({ body }, req, res) => {
    res.json(await changePartner(pool, req.params.id, body, staffActor(req)));
  });

  router.on('POST /admin/api/partners/:id/api-client', async ({ body }, req, res) => {
    const bound = await bindPartnerClient(pool, req.params.id, body, staffActor(req));
    res.status(bound.created ? 201 : 200).json({ ...bound.client, key: bound.key });
  });

  router.on('GET /admin/api/partners/:id/statement', async ({ query }, req, res) => {
    res.json(await partnerStatement(pool, req.params.id, query.month));
  });

  router.on('GET /admin/api/partners/:id/statement.csv', async ({ query }, req, res) => {
    const { filename, body } = await partnerStatementCsv(pool, req.params.id, query.month);
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${filename}"`).send(body);
  });

  router.on('GET /admin/api/partner-accruals', async (_in, req, res) => {
    const q = parseListQuery(
      req.query,
      {
        posted_at: 'posted_at',
        due_at: 'due_at',
        credited_at: 'credited_at',
        transaction_at: 'transaction_at',
        points: 'points',
        status: 'status',
        id: 'id',
      },
      ['id', 'DESC'],
    );
    const { rows, total } = await listAccruals(pool, q);
    sendList(res, 'partner-accruals', q, rows, total);
  });

  router.on('GET /admin/api/partner-accruals/:accrualId', async (_in, req, res) => {
    const accrual = await accrualById(pool, req.params.accrualId);
    if (!accrual) throw new AppError(404, 'accrual_not_found', 'No accrual with this id', 'accrualId');
    res.json(accrual);
  });

  router.on('POST /admin/api/partner-claims', async ({ body }, req, res) => {
    res.status(201).json(await openPartnerClaim(deps, body, staffActor(req)));
  });

  return router.done();
}
