/**
 * A6: the signed-in participant's phone in the account (`/api/me/phone`): set it, or remove it. The
 * phone is shown in `GET /api/me`; signing in by it is `POST /api/sign-in` with the phone as `login`.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { clientActor } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { PhoneRequest, changePhone } from '../participant-phone.js';
import { participantSession } from '../route-access.js';
import { defineRoutes, json, noContent, refused, routesOf } from '../route-table.js';

const PhoneAnswer = z.object({ phone: z.string().meta({ description: 'E.164' }) }).meta({ id: 'Phone' });

export const participantPhoneRoutes = defineRoutes('/api', {
  'PUT /api/me/phone': {
    access: participantSession,
    tag: 'Participant account',
    summary: "Set the signed-in participant's phone (A6): a login, and where sign-in codes go when the program sends SMS",
    description: 'The participant is told at the registered email. One live participant per phone.',
    body: PhoneRequest,
    responses: {
      200: json(PhoneAnswer, 'The phone now on the account, in E.164'),
      400: refused('`phone` is not an E.164 number (`+`, the country code, 8–15 digits)'),
      409: refused('`phone_taken`: another participant uses this number'),
    },
  },
  'DELETE /api/me/phone': {
    access: participantSession,
    tag: 'Participant account',
    summary: "Remove the signed-in participant's phone (A6): sign-in codes go by email again",
    responses: { 204: noContent('Removed (or there was none)') },
  },
});

export function participantPhoneRouter(deps: ApiDeps): Router {
  const router = routesOf(participantPhoneRoutes, deps);

  router.on('PUT /api/me/phone', async ({ body }, req, res) => {
    res.json(await changePhone(deps, { participantId: req.participantSession!.participantId, phone: body.phone, actor: clientActor(req) }));
  });

  router.on('DELETE /api/me/phone', async (_in, req, res) => {
    await changePhone(deps, { participantId: req.participantSession!.participantId, phone: null, actor: clientActor(req) });
    res.status(204).end();
  });

  return router.done();
}
