/** R27: admins change the program's terms from an instant on, with a reason; the history stays. */
import { Router } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../../db/audit.js';
import { TermsSettings, termsAt } from '../../../db/terms.js';
import { inTransaction } from '../../../infra/db.js';
import { requireRole, staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { parse } from '../../validate.js';

const TermsChange = z.strictObject({
  effectiveFrom: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone' }),
  reason: z.string().trim().min(1, 'is required').max(1000, 'must be at most 1000 characters'),
  settings: TermsSettings.refine((s) => Object.keys(s).length > 0, 'must change at least one setting'),
});

export function staffTermsRouter({ pool, config }: ApiDeps): Router {
  const router = Router();

  router.get('/terms/current', async (_req, res) => {
    res.json({ defaults: config.program, current: await termsAt(pool, config.program) });
  });

  router.get('/terms', async (_req, res) => {
    const { rows } = await pool.query(
      'SELECT id, settings, effective_from, reason, created_by, created_at, effective_from <= now() AS in_force FROM program_terms ORDER BY effective_from DESC, id DESC',
    );
    res.set('Content-Range', `terms 0-${Math.max(rows.length - 1, 0)}/${rows.length}`).json(rows);
  });

  router.post('/terms', requireRole('admin'), async (req, res) => {
    const parsed = parse(TermsChange, req.body ?? {});
    // zod fills the defaults of the terms left out: keep only those the admin named.
    const named = Object.keys(req.body.settings);
    const change = { ...parsed, settings: Object.fromEntries(Object.entries(parsed.settings).filter(([key]) => named.includes(key))) };
    const effectiveFrom = new Date(change.effectiveFrom);
    const actor = staffActor(req);
    const version = await inTransaction(pool, async (tx) => {
      // A change applies from its instant and never rewrites the past: no instant before now.
      const { rows: [{ now }] } = await tx.query<{ now: Date }>('SELECT now()');
      if (effectiveFrom.getTime() < now.getTime() - 60_000) {
        throw new AppError(400, 'validation_failed', 'effectiveFrom: must not be in the past', 'effectiveFrom');
      }
      const { rows } = await tx.query(
        `INSERT INTO program_terms (settings, effective_from, reason, created_by) VALUES ($1, $2, $3, $4)
         RETURNING id, settings, effective_from, reason, created_by, created_at`,
        [change.settings, effectiveFrom, change.reason, actor.label],
      );
      await writeAudit(tx, actor, 'terms.change', { type: 'program_terms', id: String(rows[0].id) }, { settings: change.settings, effectiveFrom: change.effectiveFrom });
      return rows[0];
    });
    res.status(201).json(version);
  });

  return router;
}
