/** R27: admins change the program's terms from an instant on, with a reason; the history stays. */
import type { Router } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../../db/audit.js';
import { TermsSettings, databaseNow, insertTermsVersion, termsAt, termsHistory } from '../../../db/terms.js';
import { inTransaction } from '../../../db/pool.js';
import { brokenTermConstraint } from '../../../rules/terms.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { text } from '../../text.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { StaffRecord, record } from '../../staff-answers.js';

const TermsChange = z
  .strictObject({
    effectiveFrom: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone' }),
    reason: text(1000, { multiline: true }),
    settings: TermsSettings.refine((s) => Object.keys(s).length > 0, 'must change at least one setting'),
  })
  .meta({
    id: 'TermsChange',
    description: 'R27: the settings that change, from an instant on (never in the past), with the reason.',
    example: { effectiveFrom: '2027-01-01T00:00:00Z', reason: 'Новый год: больше приветственных баллов', settings: { welcomePoints: 150 } },
  });

export const staffTermsRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/terms/current': {
    access: staffRole('support'),
    tag: 'Terms',
    summary: 'The terms in force now, and their defaults from the environment',
    responses: { 200: record('`{ defaults, current }`, each term by its name') },
  },
  'GET /admin/api/terms': {
    access: staffRole('support'),
    tag: 'Terms',
    summary: 'Every change of the terms, newest first',
    responses: {
      200: {
        description: 'The history; `in_force` marks the version in force now',
        schema: StaffRecord.array(),
        headers: { 'Content-Range': '`terms 0-<last>/<total>`: the whole history' },
      },
    },
  },
  'POST /admin/api/terms': {
    access: staffRole('admin'),
    tag: 'Terms',
    summary: 'Change terms from an instant on (R27); running processes keep the terms they started with',
    body: TermsChange,
    responses: {
      201: record('the new version', 'Recorded'),
      400: refused('A field is invalid, `effectiveFrom` is in the past, or terms that belong together would not fit (`settings.<name>`)'),
    },
  },
});

export function staffTermsRouter(deps: ApiDeps): Router {
  const { pool, config } = deps;
  const router = routesOf(staffTermsRoutes, deps);

  router.on('GET /admin/api/terms/current', async (_in, _req, res) => {
    res.json({ defaults: config.program, current: await termsAt(pool, config.program) });
  });

  router.on('GET /admin/api/terms', async (_in, _req, res) => {
    const rows = await termsHistory(pool);
    res.set('Content-Range', `terms 0-${Math.max(rows.length - 1, 0)}/${rows.length}`).json(rows);
  });

  router.on('POST /admin/api/terms', async ({ body: change }, req, res) => {
    const effectiveFrom = new Date(change.effectiveFrom);
    const actor = staffActor(req);
    const version = await inTransaction(pool, async (tx) => {
      // A change applies from its instant and never rewrites the past: no instant before now.
      const now = await databaseNow(tx);
      if (effectiveFrom.getTime() < now.getTime() - 60_000) {
        throw new AppError(400, 'validation_failed', 'effectiveFrom: must not be in the past', 'effectiveFrom');
      }
      // Terms that only make sense together are judged on what would be in force from that instant.
      const broken = brokenTermConstraint({ ...(await termsAt(tx, config.program, effectiveFrom)), ...change.settings });
      if (broken) throw new AppError(400, 'validation_failed', `settings.${broken.key}: ${broken.message}`, `settings.${broken.key}`);
      const inserted = await insertTermsVersion(tx, {
        settings: change.settings,
        effectiveFrom,
        reason: change.reason,
        createdBy: actor.label,
      });
      await writeAudit(
        tx,
        actor,
        'terms.change',
        { type: 'program_terms', id: String(inserted.id) },
        { settings: change.settings, effectiveFrom: change.effectiveFrom },
      );
      return inserted;
    });
    res.status(201).json(version);
  });

  return router.done();
}
