/** Admin-only: staff accounts and API keys. */
import { Router } from 'express';
import { z } from 'zod';
import { createApiKey } from '../../../db/api-keys.js';
import { writeAudit } from '../../../db/audit.js';
import { createStaffUser } from '../../../db/staff.js';
import { inTransaction } from '../../../infra/db.js';
import { isValidEmail } from '../../../rules/email.js';
import { requireRole, staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { parse } from '../../validate.js';

const NewStaff = z.strictObject({
  email: z.string().trim().refine(isValidEmail, 'must be a valid email address'),
  name: z.string().trim().min(1, 'is required').max(200),
  role: z.enum(['support', 'admin'], 'must be support or admin'),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
});
const NewApiKey = z.strictObject({ name: z.string().trim().min(1, 'is required').max(200) });

export function staffAccessRouter({ pool }: ApiDeps): Router {
  const router = Router();
  router.use(['/staff', '/api-keys'], requireRole('admin'));

  router.get('/staff', async (req, res) => {
    const q = parseListQuery(req.query, { email: 'email', name: 'name', created_at: 'created_at' }, ['email', 'ASC']);
    const { rows } = await pool.query(
      `SELECT id, email, name, role, created_at, disabled_at FROM staff_users ORDER BY ${q.orderBy} ${q.direction} LIMIT $1 OFFSET $2`,
      [q.limit, q.offset],
    );
    const total = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_users');
    sendList(res, 'staff', q, rows, total.rows[0].n);
  });

  router.post('/staff', async (req, res) => {
    const input = parse(NewStaff, req.body ?? {});
    const staff = await inTransaction(pool, async (tx) => {
      const exists = await tx.query('SELECT 1 FROM staff_users WHERE email = $1', [input.email.toLowerCase()]);
      if (exists.rowCount) throw new AppError(409, 'staff_exists', 'A staff member with this email exists', 'email');
      const created = await createStaffUser(tx, input);
      await writeAudit(tx, staffActor(req), 'staff.create', { type: 'staff', id: created.id }, { email: created.email, role: created.role });
      return created;
    });
    res.status(201).json(staff);
  });

  router.get('/api-keys', async (req, res) => {
    const q = parseListQuery(req.query, { name: 'name', created_at: 'created_at' }, ['created_at', 'DESC']);
    const { rows } = await pool.query(
      `SELECT id, name, key_prefix, created_at, revoked_at FROM api_clients ORDER BY ${q.orderBy} ${q.direction} LIMIT $1 OFFSET $2`,
      [q.limit, q.offset],
    );
    const total = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM api_clients');
    sendList(res, 'api-keys', q, rows, total.rows[0].n);
  });

  router.post('/api-keys', async (req, res) => {
    const { name } = parse(NewApiKey, req.body ?? {});
    const { client, key } = await inTransaction(pool, async (tx) => {
      const created = await createApiKey(tx, name);
      await writeAudit(tx, staffActor(req), 'api_key.create', { type: 'api_client', id: created.client.id }, { name });
      return created;
    });
    res.status(201).json({ ...client, key });
  });

  router.delete('/api-keys/:id', async (req, res) => {
    const revoked = await inTransaction(pool, async (tx) => {
      const { rows } = await tx
        .query('UPDATE api_clients SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id, name, key_prefix, created_at, revoked_at', [req.params.id])
        .catch(() => ({ rows: [] }));
      if (!rows[0]) throw new AppError(404, 'api_key_not_found', 'No API key with this id', 'id');
      await writeAudit(tx, staffActor(req), 'api_key.revoke', { type: 'api_client', id: req.params.id });
      return rows[0];
    });
    res.json(revoked);
  });

  return router;
}
