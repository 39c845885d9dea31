import { Router } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../../db/audit.js';
import { checkStaffPassword, openStaffSession, revokeStaffSession } from '../../../db/staff.js';
import { inTransaction } from '../../../infra/db.js';
import { requireStaff, staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { parse } from '../../validate.js';

const Login = z.strictObject({ email: z.string().trim().min(1, 'is required').max(254), password: z.string().min(1, 'is required').max(200) });

export function staffAuthRouter({ pool, config }: ApiDeps): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const { email, password } = parse(Login, req.body ?? {});
    const staff = await checkStaffPassword(pool, email, password);
    if (!staff) throw new AppError(401, 'wrong_credentials', 'Wrong email or password', 'password');
    const session = await inTransaction(pool, async (tx) => {
      const opened = await openStaffSession(tx, staff.id, config.staffSessionTtlMs);
      await writeAudit(tx, { type: 'staff', id: staff.id, label: staff.email }, 'staff.sign_in', { type: 'staff', id: staff.id });
      return opened;
    });
    res.json({ token: session.token, expiresAt: session.expiresAt.toISOString(), staff });
  });

  router.get('/auth/me', requireStaff(pool), (req, res) => {
    const { sessionId: _, ...staff } = req.staff!;
    res.json({ staff });
  });

  router.post('/auth/logout', requireStaff(pool), async (req, res) => {
    await inTransaction(pool, async (tx) => {
      await revokeStaffSession(tx, req.staff!.sessionId);
      await writeAudit(tx, staffActor(req), 'staff.sign_out', { type: 'staff', id: req.staff!.id });
    });
    res.json({ ok: true });
  });

  return router;
}
