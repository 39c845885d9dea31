/** Admin-only: staff accounts, and API clients with their keys and scopes (support gets 403). */
import type { Router } from 'express';
import { z } from 'zod';
import { listApiClients } from '../../../db/api-keys.js';
import { writeAudit } from '../../../db/audit.js';
import { createStaffUser, listStaff, staffEmailTaken } from '../../../db/staff.js';
import { STAFF_ROLES } from '../../../rules/staff-roles.js';
import { inTransaction } from '../../../db/pool.js';
import {
  ApiClientChange,
  NewApiClient,
  changeApiClient,
  createApiClient,
  issueKeyFor,
  requireApiClient,
  revokeKey,
} from '../../api-clients.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { email, secret, text } from '../../text.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { ListQuery, list, record } from '../../staff-answers.js';

const NewStaff = z.strictObject({
  email: email(),
  name: text(200),
  role: z.enum(STAFF_ROLES, `must be one of ${STAFF_ROLES.join(', ')}`),
  password: secret(200, 12),
});

const admin = staffRole('admin');
const unknownClient = refused('`api_client_not_found`');

export const staffAccessRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/staff': {
    access: admin,
    tag: 'Staff and API keys',
    summary: 'Staff accounts',
    query: ListQuery,
    responses: { 200: list('staff', 'staff accounts') },
  },
  'POST /admin/api/staff': {
    access: admin,
    tag: 'Staff and API keys',
    summary: 'Create a staff account (audited)',
    body: NewStaff,
    responses: { 201: record('the staff account', 'Created'), 409: refused('`staff_exists`') },
  },
  'GET /admin/api/api-clients': {
    access: admin,
    tag: 'Staff and API keys',
    summary: 'API clients with their scopes',
    query: ListQuery,
    responses: { 200: list('api-clients', 'API clients') },
  },
  'GET /admin/api/api-clients/:id': {
    access: admin,
    tag: 'Staff and API keys',
    summary: 'An API client with its keys (their prefixes, never the keys)',
    responses: { 200: record('the client, with `keys`'), 404: unknownClient },
  },
  'POST /admin/api/api-clients': {
    access: admin,
    tag: 'Staff and API keys',
    summary: 'Create an API client with its scopes and first key (audited)',
    description: 'The answer is the only time the key is shown.',
    body: NewApiClient,
    responses: { 201: record('the client, with its `key`', 'Created') },
  },
  'PUT /admin/api/api-clients/:id': {
    access: admin,
    tag: 'Staff and API keys',
    summary: "Change a client's name, scopes, or disable it (audited)",
    body: ApiClientChange,
    responses: { 200: record('the client'), 404: unknownClient },
  },
  'POST /admin/api/api-clients/:id/keys': {
    access: admin,
    tag: 'Staff and API keys',
    summary: 'Issue one more key (rotation): shown once; revoke the old one when the client has switched',
    responses: { 201: record('the new key, with `key`', 'Issued'), 404: unknownClient },
  },
  'DELETE /admin/api/api-keys/:id': {
    access: admin,
    tag: 'Staff and API keys',
    summary: "Revoke one key; the client's other keys go on working (audited)",
    responses: { 200: record('the key, revoked'), 404: refused('`api_key_not_found`') },
  },
});

export function staffAccessRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = routesOf(staffAccessRoutes, deps);

  router.on('GET /admin/api/staff', async (_in, req, res) => {
    const q = parseListQuery(req.query, { email: 'email', name: 'name', created_at: 'created_at' }, ['email', 'ASC']);
    const { rows, total } = await listStaff(pool, q);
    sendList(res, 'staff', q, rows, total);
  });

  router.on('POST /admin/api/staff', async ({ body: input }, req, res) => {
    const staff = await inTransaction(pool, async (tx) => {
      if (await staffEmailTaken(tx, input.email.toLowerCase()))
        throw new AppError(409, 'staff_exists', 'A staff member with this email exists', 'email');
      const created = await createStaffUser(tx, input).catch((err: unknown) => {
        // The same email sent twice at once: the check above saw neither.
        if ((err as { code?: string })?.code === '23505')
          throw new AppError(409, 'staff_exists', 'A staff member with this email exists', 'email');
        throw err;
      });
      await writeAudit(
        tx,
        staffActor(req),
        'staff.create',
        { type: 'staff', id: created.id },
        { email: created.email, role: created.role },
      );
      return created;
    });
    res.status(201).json(staff);
  });

  // ---- API clients (issue 10 §3): each owns what it creates, holds scopes, and has keys ----

  router.on('GET /admin/api/api-clients', async (_in, req, res) => {
    const q = parseListQuery(req.query, { name: 'name', created_at: 'created_at' }, ['created_at', 'DESC']);
    const { rows, total } = await listApiClients(pool, q);
    sendList(res, 'api-clients', q, rows, total);
  });

  router.on('GET /admin/api/api-clients/:id', async (_in, req, res) => {
    res.json(await requireApiClient(pool, req.params.id));
  });

  /** The new client with its first key: the answer is the only time the key is shown. */
  router.on('POST /admin/api/api-clients', async ({ body }, req, res) => {
    const created = await createApiClient(pool, body, staffActor(req));
    res.status(201).location(`/admin/api/api-clients/${created.id}`).json(created);
  });

  router.on('PUT /admin/api/api-clients/:id', async ({ body }, req, res) => {
    res.json(await changeApiClient(pool, req.params.id, body, staffActor(req)));
  });

  /** Rotation: one more key, shown once; revoke the old one when the client has switched. */
  router.on('POST /admin/api/api-clients/:id/keys', async (_in, req, res) => {
    res.status(201).json(await issueKeyFor(pool, req.params.id, staffActor(req)));
  });

  /** Revokes one key (by the key's own id); the client's other keys go on working. */
  router.on('DELETE /admin/api/api-keys/:id', async (_in, req, res) => {
    res.json(await revokeKey(pool, req.params.id, staffActor(req)));
  });

  return router.done();
}
