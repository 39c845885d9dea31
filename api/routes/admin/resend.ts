/**
 * Support resends a lost confirmation link to the participant (api/resend.ts): from the mail view
 * (staff see the mail with its link masked), or from an email-change request.
 */
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../../deps.js';
import { idempotencyKey, resendEmailChangeConfirmation, resendMail } from '../../resend.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../../route-table.js';
import { IdempotencyKeyHeader } from '../../schemas.js';

const staffRef = (req: Request) => ({ id: req.staff!.id, label: req.staff!.email });

const tooMany = refused('`too_many_attempts`: a few a window per participant or request; `Retry-After` says when to try again');

export const staffResendRoutes = defineRoutes('/admin/api', {
  'POST /admin/api/mail/:id/resend': {
    access: staffRole('support'),
    tag: 'Records',
    summary: "Send a confirmation mail's link again, to the participant's own address",
    description:
      'A registration confirmation (R3) gets a fresh link; an email-change confirmation (R21) the same link again. Idempotent under `Idempotency-Key`.',
    headers: IdempotencyKeyHeader,
    responses: {
      200: json(z.object({ kind: z.string() }), "Sent again; `kind` is the mail's kind"),
      404: refused('`mail_not_found`'),
      409: refused('`not_resendable` (codes and reset links are asked for anew by the participant), or `not_awaiting_confirmation`'),
      429: tooMany,
    },
  },
  'POST /admin/api/email-changes/:id/resend-confirmation': {
    access: staffRole('support'),
    tag: 'Email-change queue',
    summary: 'Send the new address its confirmation link again (R21)',
    headers: IdempotencyKeyHeader,
    responses: {
      200: json(z.object({ ok: z.literal(true) }), 'Sent again'),
      404: refused('`email_change_not_found`'),
      409: refused('`not_awaiting_confirmation`: the request does not wait for the new address'),
      429: tooMany,
    },
  },
});

export function staffResendRouter(deps: ApiDeps): Router {
  const router = routesOf(staffResendRoutes, deps);

  router.on('POST /admin/api/mail/:id/resend', async (_in, req, res) => {
    res.json(await resendMail(deps, { mailId: String(req.params.id), staff: staffRef(req), idempotencyKey: idempotencyKey(req) }));
  });

  router.on('POST /admin/api/email-changes/:id/resend-confirmation', async (_in, req, res) => {
    await resendEmailChangeConfirmation(deps, {
      requestId: String(req.params.id),
      staff: staffRef(req),
      idempotencyKey: idempotencyKey(req),
    });
    res.json({ ok: true });
  });
  return router.done();
}
