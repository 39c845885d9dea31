/**
 * The emailed link (R3): a small page asks for a password; posting it confirms the address.
 * The token is the credential here, so no API key is needed.
 */
import { Router } from 'express';
import { inTransaction } from '../../infra/db.js';
import { hashPassword, sha256 } from '../../infra/secrets.js';
import { Refusal, confirmEmailUpdate } from '../../workflows/messages.js';
import type { ApiDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { ConfirmationRequest } from '../schemas.js';
import { askWorkflow } from '../temporal.js';
import { parse } from '../validate.js';
import { confirmationPage, emailChangeConfirmationPage } from './link-pages.js';
import { confirmNewEmail } from '../email-changes.js';
import { z } from 'zod';

const alreadyConfirmed = new AppError(409, 'already_confirmed', 'This email is already confirmed', 'token');
const registrationExpired = new AppError(410, 'registration_expired', 'This registration has expired; register again', 'token');

export function confirmationsRouter(deps: ApiDeps): Router {
  const { pool, temporal } = deps;
  const router = Router();

  router.get('/confirm', (_req, res) => {
    res.type('html').send(confirmationPage);
  });

  router.post('/api/confirmations', async (req, res) => {
    const { token, password } = parse(ConfirmationRequest, req.body ?? {});
    const passwordHash = await hashPassword(password);
    // Check the token and keep the password in one transaction; the workflow then marks the token used.
    const target = await inTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{
        id: string; participant_id: string; workflow_id: string; status: string; used: boolean; expired: boolean;
      }>(
        `SELECT t.id, t.participant_id, p.workflow_id, p.status, t.used_at IS NOT NULL AS used, t.expires_at <= now() AS expired
           FROM confirmation_tokens t JOIN participants p ON p.id = t.participant_id
          WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [sha256(token)],
      );
      const t = rows[0];
      if (!t) throw new AppError(404, 'token_invalid', 'This confirmation link is not valid', 'token');
      if (t.used) throw new AppError(410, 'token_used', 'This confirmation link has already been used', 'token');
      if (t.status === 'expired') throw registrationExpired;
      if (t.status !== 'pending_confirmation') throw alreadyConfirmed;
      if (t.expired) throw new AppError(410, 'token_expired', 'This confirmation link has expired; ask support for a new one', 'token');
      await tx.query(`UPDATE participants SET password_hash = $2 WHERE id = $1 AND status = 'pending_confirmation'`, [
        t.participant_id,
        passwordHash,
      ]);
      return t;
    });
    const view = await askWorkflow(
      () => temporal.workflow.getHandle(target.workflow_id).executeUpdate(confirmEmailUpdate, { args: [{ tokenId: target.id }] }),
      { [Refusal.notAwaitingConfirmation]: alreadyConfirmed },
      registrationExpired,
    );
    res.json({ participantId: target.participant_id, stage: view.stage });
  });

  router.get('/confirm-email-change', (_req, res) => {
    res.type('html').send(emailChangeConfirmationPage);
  });

  /** R21: the link sent to the new address; the token is the credential. */
  router.post('/api/email-change-confirmations', async (req, res) => {
    const { token } = parse(z.strictObject({ token: z.string().min(1, 'is required').max(200) }), req.body ?? {});
    res.json(await confirmNewEmail(deps, token));
  });

  return router;
}
