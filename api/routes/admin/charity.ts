/**
 * Staff API of charity (A3): admins keep the funds (create, edit, withdraw; every change audited),
 * support reads them with their donations and each fund's monthly statement; admins export the
 * statement as CSV. Donations themselves are placed and completed by the shop (api/routes/donations.ts):
 * staff have no route that returns or reverses one, since a completed donation is final.
 */
import type { Router } from 'express';
import { listDonations, listFunds } from '../../../db/charity.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import {
  CharityFundChange,
  CharityFundRequest,
  changeFund,
  createFund,
  requireDonation,
  requireFund,
  statementCsv,
  statementOf,
} from '../../donations.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { ListQuery, list, record } from '../../staff-answers.js';

export const staffCharityRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/charity-funds': {
    access: staffRole('support'),
    tag: 'Charity funds',
    summary: 'Charity funds, with their completed donations so far',
    description: 'Filters: `active`; `q` (the name).',
    query: ListQuery,
    responses: { 200: list('charity-funds', 'charity funds') },
  },
  'GET /admin/api/charity-funds/:id': {
    access: staffRole('support'),
    tag: 'Charity funds',
    summary: 'A charity fund',
    responses: { 200: record('the fund'), 404: refused('`fund_not_found`') },
  },
  'POST /admin/api/charity-funds': {
    access: staffRole('admin'),
    tag: 'Charity funds',
    summary: 'Add a charity fund (A3), audited',
    body: CharityFundRequest,
    responses: { 201: record('the fund', 'Created'), 409: refused('`fund_name_taken`') },
  },
  'PUT /admin/api/charity-funds/:id': {
    access: staffRole('admin'),
    tag: 'Charity funds',
    summary: 'Change a fund (or withdraw it: `active: false`); donations already made stay with it. Audited with each change',
    body: CharityFundChange,
    responses: { 200: record('the fund'), 404: refused('`fund_not_found`'), 409: refused('`fund_name_taken`') },
  },
  'GET /admin/api/charity-funds/:id/statement': {
    access: staffRole('support'),
    tag: 'Charity funds',
    summary: "The fund's monthly statement: completed donations, points and donors per month (UTC), with totals",
    responses: { 200: record('`{ fund, months: [{ month, donations, points, donors }], total }`'), 404: refused('`fund_not_found`') },
  },
  'GET /admin/api/charity-funds/:id/statement.csv': {
    access: staffRole('admin'),
    tag: 'Charity funds',
    summary: "The fund's monthly statement as CSV (semicolons, UTF-8 with BOM)",
    responses: { 200: { description: 'The statement', type: 'text/csv' }, 404: refused('`fund_not_found`') },
  },
  'GET /admin/api/donations': {
    access: staffRole('support'),
    tag: 'Charity funds',
    summary: 'Donations, filtered and sorted',
    description: 'Filters: `fund_id`, `participant_id`, `status`.',
    query: ListQuery,
    responses: { 200: list('donations', 'donations') },
  },
  'GET /admin/api/donations/:id': {
    access: staffRole('support'),
    tag: 'Charity funds',
    summary: 'A donation',
    responses: { 200: record('the donation'), 404: refused('`donation_not_found`') },
  },
});

export function staffCharityRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = routesOf(staffCharityRoutes, deps);

  router.on('GET /admin/api/charity-funds', async (_in, req, res) => {
    const q = parseListQuery(
      req.query,
      { name: 'name', active: 'active', donations: 'donations', points: 'points', created_at: 'created_at', updated_at: 'updated_at' },
      ['name', 'ASC'],
    );
    const { rows, total } = await listFunds(pool, q);
    sendList(res, 'charity-funds', q, rows, total);
  });

  router.on('GET /admin/api/charity-funds/:id', async (_in, req, res) => {
    res.json(await requireFund(pool, req.params.id));
  });

  router.on('POST /admin/api/charity-funds', async ({ body }, req, res) => {
    res.status(201).json(await createFund(pool, body, staffActor(req)));
  });

  router.on('PUT /admin/api/charity-funds/:id', async ({ body }, req, res) => {
    res.json(await changeFund(pool, req.params.id, body, staffActor(req)));
  });

  router.on('GET /admin/api/charity-funds/:id/statement', async (_in, req, res) => {
    res.json(await statementOf(pool, req.params.id));
  });

  router.on('GET /admin/api/charity-funds/:id/statement.csv', async (_in, req, res) => {
    const { filename, body } = await statementCsv(pool, req.params.id);
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${filename}"`).send(body);
  });

  router.on('GET /admin/api/donations', async (_in, req, res) => {
    const q = parseListQuery(
      req.query,
      {
        created_at: 'created_at',
        completed_at: 'completed_at',
        points: 'points',
        status: 'status',
        fund_name: 'fund_name',
        participant_name: 'participant_name',
      },
      ['created_at', 'DESC'],
    );
    const { rows, total } = await listDonations(pool, q);
    sendList(res, 'donations', q, rows, total);
  });

  router.on('GET /admin/api/donations/:id', async (_in, req, res) => {
    res.json(await requireDonation(pool, req.params.id));
  });

  return router.done();
}
