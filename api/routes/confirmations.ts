/**
 * The emailed link (R3): a small page asks for a password; posting it confirms the address.
 * The token is the credential here, so no API key is needed.
 */
import type { Router } from 'express';
import { lockConfirmationToken } from '../../db/confirmations.js';
import { setPasswordBeforeConfirmation } from '../../db/participants.js';
import { participantById } from '../../db/participants.js';
import { inTransaction } from '../../db/pool.js';
import { hashPassword, sha256 } from '../../infra/secrets.js';
import { ParticipantRefusal, confirmEmailUpdate } from '../../workflows/messages/participant.js';
import type { ApiDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { secret } from '../text.js';
import { ConfirmationRequest } from '../schemas.js';
import { askWorkflow, workflowWait } from '../temporal.js';
import { anyone } from '../route-access.js';
import { defineRoutes, json, refused, routesOf, type ResponseSpec } from '../route-table.js';
import { showLinkPage } from '../link-states.js';
import { confirmNewEmail } from '../email-changes.js';
import { z } from 'zod';
import { EMAIL_CHANGE_STATUSES } from '../../workflows/messages/email-change.js';

const alreadyConfirmed = new AppError(409, 'already_confirmed', 'This email is already confirmed', 'token');
const registrationExpired = new AppError(410, 'registration_expired', 'This registration has expired; register again', 'token');
const tokenInvalid = () => new AppError(404, 'token_invalid', 'This confirmation link is not valid', 'token');
/** A confirmation link's token: an HMAC-SHA-256 in base64url (infra/secrets.ts `derivedToken`). */
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const EmailChangeConfirmationRequest = z
  .strictObject({ token: secret(200) })
  .meta({ id: 'EmailChangeConfirmationRequest', description: 'R21: the token of the link mailed to the new address.' });
const page = (what: string): ResponseSpec => ({ description: what, type: 'text/html' });

export const confirmationRoutes = defineRoutes('', {
  'GET /confirm': {
    access: anyone,
    tag: 'Email confirmation',
    page: true,
    summary:
      "The page behind the emailed confirmation link (R3), in the reader's language (Accept-Language, Russian by default): for a live link it asks for a password and posts it to /api/confirmations; a used, expired or unknown link's page says so and what to do next",
    responses: { 200: page('The page') },
  },
  'POST /api/confirmations': {
    access: anyone,
    tag: 'Email confirmation',
    summary: 'Confirm the email and set the password (the emailed link, R3)',
    description: "No API key: the link's token is the credential (the link's page posts here).",
    body: ConfirmationRequest,
    responses: {
      200: json(
        z.object({
          participantId: z.uuid(),
          stage: z.string().meta({ description: "The participant's stage now, e.g. `verifying` or `active`" }),
        }),
        'Confirmed',
      ),
      400: refused('Password too short'),
      404: refused('`token_invalid`'),
      409: refused('`already_confirmed`'),
      410: refused('`token_used`, `token_expired` (support can send a new link), or `registration_expired`'),
    },
  },
  'GET /confirm-email-change': {
    access: anyone,
    tag: 'Email changes',
    page: true,
    summary:
      "The page behind the link mailed to a new address (R21), in the reader's language: for a live link a button that posts it to /api/email-change-confirmations; a used, expired or unknown link's page says so",
    responses: { 200: page('The page') },
  },
  'POST /api/email-change-confirmations': {
    access: anyone,
    tag: 'Email changes',
    summary: 'Confirm the new address with the link mailed to it: it becomes the login (R21)',
    description: "No API key: the link's token is the credential (the link's page posts here).",
    body: EmailChangeConfirmationRequest,
    responses: {
      200: json(z.object({ requestId: z.uuid(), status: z.enum(EMAIL_CHANGE_STATUSES) }), 'Confirmed'),
      404: refused('`token_invalid`'),
      410: refused('`token_used` (or the request is closed), or `token_expired`'),
    },
  },
});

export function confirmationsRouter(deps: ApiDeps): Router {
  const { pool, temporal } = deps;
  const router = routesOf(confirmationRoutes, deps);

  router.on('GET /confirm', async (_in, req, res) => {
    await showLinkPage(pool, 'confirmation', req, res);
  });

  router.on('POST /api/confirmations', async ({ body: { token, password } }, _req, res) => {
    // The token first, cheapest check first: its shape, then its row; only a live link's password is
    // hashed (argon2 is slow on purpose, and must not be something anyone can make the server do).
    if (!LINK_TOKEN.test(token)) throw tokenInvalid();
    // Check the token and keep the password in one transaction; the workflow then marks the token used.
    const target = await inTransaction(pool, async (tx) => {
      const t = await lockConfirmationToken(tx, sha256(token));
      if (!t) throw tokenInvalid();
      if (t.used) throw new AppError(410, 'token_used', 'This confirmation link has already been used', 'token');
      if (t.status === 'expired') throw registrationExpired;
      if (t.status !== 'pending_confirmation') throw alreadyConfirmed;
      if (t.expired) throw new AppError(410, 'token_expired', 'This confirmation link has expired; ask support for a new one', 'token');
      const passwordHash = await hashPassword(password);
      await setPasswordBeforeConfirmation(tx, t.participant_id, passwordHash);
      return t;
    });
    // R3: the workflow decides, once, whether this confirmation or the deadline came first, and its
    // answer says which; the registration ends the same way.
    const view = await askWorkflow(
      workflowWait(deps, `/api/registrations/${target.participant_id}`),
      () =>
        temporal.workflow
          .getHandle(target.workflow_id)
          .startUpdate(confirmEmailUpdate, { args: [{ tokenId: target.id }], waitForStage: 'ACCEPTED' }),
      { [ParticipantRefusal.notAwaitingConfirmation]: alreadyConfirmed },
      // The workflow ended before it answered: it recorded how before it ended, so its row says
      // whether the deadline won; a registration that ended any other way was confirmed.
      async () => ((await participantById(pool, target.participant_id))?.status === 'expired' ? registrationExpired : alreadyConfirmed),
    );
    if (view.stage === 'expired') throw registrationExpired;
    res.json({ participantId: target.participant_id, stage: view.stage });
  });

  router.on('GET /confirm-email-change', async (_in, req, res) => {
    await showLinkPage(pool, 'email_change', req, res);
  });

  /** R21: the link sent to the new address; the token is the credential. */
  router.on('POST /api/email-change-confirmations', async ({ body: { token } }, _req, res) => {
    res.json(await confirmNewEmail(deps, token));
  });

  return router.done();
}
