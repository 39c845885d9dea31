/**
 * Client API: an agency employee registers (R1–R4), and the client follows the registration.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Router } from 'express';
import { z } from 'zod';
import { discardDocument, storeDocument } from '../../db/documents.js';
import {
  insertParticipant,
  liveParticipantByEmail,
  liveParticipantOfWorkflow,
  participantById,
  phoneHeld,
  registrationRow,
  type ParticipantSummary,
} from '../../db/participants.js';
import { permanentFailure } from '../../activities/failure-classification.js';
import { dropUnreviewedRebind, insertRebind } from '../../db/rebinds.js';
import { detectDocumentType } from '../../rules/documents.js';
import { termsAt } from '../../db/terms.js';
import { registrationsTaken } from '../../infra/metrics.js';
import { normalizeEmail } from '../../rules/email.js';
import {
  ParticipantEmail,
  ParticipantStatus,
  ParticipantRefusal,
  participantWorkflowId,
  participantWorkflowIdAfter,
  rebindAgencyUpdate,
  type EnrolmentTerms,
  type ParticipantWorkflowInput,
  type RegistrationInput,
} from '../../workflows/messages/participant.js';
import type { ActorRef } from '../../workflows/messages/shared.js';
import type { participantWorkflow } from '../../workflows/participant.js';
import { clientActor, visibleTo } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { Accepted, AppError } from '../errors.js';
import { apiClient } from '../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../route-table.js';
import { uploads } from '../uploads.js';
import { askWorkflow, temporalCall, workflowWait } from '../temporal.js';
import { AcceptedAnswer, RebindAnswer, Registration, RegistrationForm, RegistrationRequest } from '../schemas.js';

const registrations = apiClient('registrations');

export const registrationRoutes = defineRoutes('/api', {
  'POST /api/registrations': {
    access: registrations,
    tag: 'Registrations',
    summary: 'Register an agency employee (R1–R4)',
    description:
      "Starts the participant's workflow and sends the confirmation email. One participant per email: a pending or active email " +
      'is refused with 409. R22: an active participant registering again with another agency is verified anew, points kept (202).',
    content: 'json or multipart',
    body: RegistrationRequest,
    form: RegistrationForm,
    responses: {
      201: json(Registration, 'Registered; waiting for the email to be confirmed', {
        Location: 'The registration: `/api/registrations/{id}`',
      }),
      202: json(
        z.union([RebindAnswer, AcceptedAnswer]),
        'R22: the change of agency is being verified (`rebind`); or the registration is taken and still being stored (`status: accepted`: follow `Location`)',
        { Location: 'Where to follow the work', 'Retry-After': 'Seconds before asking again' },
      ),
      400: refused(
        'A field is missing or invalid (`field` names it), or the letter is missing on the intermediary path or sent on another',
      ),
      409: refused(
        '`email_already_registered` (with the `registration`: its id only to the client that registered it), `phone_taken` (A6), or `rebind_in_progress`',
      ),
      413: refused('The letter is too large'),
      415: refused('`unsupported_file_type`: the letter is not a PDF, PNG or JPEG'),
      422: refused('`registration_failed`: it could not be stored; staff were told'),
    },
  },
  'GET /api/registrations/:id': {
    access: registrations,
    tag: 'Registrations',
    summary: 'A registration and its state',
    responses: {
      200: json(Registration, 'The registration'),
      404: refused("`registration_not_found`: no registration with this id, or another client's"),
    },
  },
});

export const registrationView = (p: ParticipantSummary): z.input<typeof Registration> => ({
  participantId: p.id,
  status: p.status as z.input<typeof Registration>['status'], // the column's CHECK holds it to PARTICIPANT_STATUSES
  memberNumber: p.member_number,
  registeredAt: p.registered_at.toISOString(),
  confirmedAt: p.confirmed_at?.toISOString() ?? null,
  activatedAt: p.activated_at?.toISOString() ?? null,
  endReason: p.end_reason,
  balance: p.balance,
});

/** A registration as insertParticipant has just stored it: awaiting confirmation, nothing else yet. */
const justRegistered = (participantId: string, registeredAt: number): z.input<typeof Registration> => ({
  participantId,
  status: 'pending_confirmation',
  memberNumber: null,
  registeredAt: new Date(registeredAt).toISOString(),
  confirmedAt: null,
  activatedAt: null,
  endReason: null,
  balance: 0,
});

export function registrationsRouter({ pool, temporal, config }: ApiDeps): Router {
  const router = routesOf(registrationRoutes, { pool, config });
  /** R27: the terms in force now; the workflow keeps them for its whole life. */
  const enrolmentTerms = async (): Promise<EnrolmentTerms> => {
    const { confirmationTimeoutMs, welcomePoints, lotLifetimeMs } = await termsAt(pool, config.program);
    return { confirmationTimeoutMs, welcomePoints, lotLifetimeMs };
  };
  const upload = uploads(config.maxUploadBytes);

  router.on('POST /api/registrations', upload.single('letter'), async ({ body: form }, req, res) => {
    const letter = req.file;
    if (form.contractPath === 'intermediary' && !letter) {
      throw new AppError(400, 'validation_failed', "letter: the intermediary's confirmation letter is required", 'letter');
    }
    if (form.contractPath !== 'intermediary' && letter) {
      throw new AppError(400, 'validation_failed', 'letter: only the intermediary path takes a letter', 'letter');
    }
    const letterType = letter ? detectDocumentType(letter.buffer) : null;
    if (letter && !letterType) {
      throw new AppError(415, 'unsupported_file_type', 'letter: upload a PDF, PNG or JPEG file', 'letter');
    }

    const emailNormalized = normalizeEmail(form.email);
    // Who holds the email, who holds the phone, and the terms in force: asked at once, one wait rather than three (issue 12).
    const [existing, phoneTaken, terms] = await Promise.all([
      liveParticipantByEmail(pool, emailNormalized),
      form.phone ? phoneHeld(pool, form.phone) : false,
      enrolmentTerms(),
    ]);
    if (existing && existing.status === 'active' && movedAgency(existing, form)) {
      const upload = letter ? { filename: letter.originalname, content: letter.buffer, contentType: letterType! } : undefined;
      const answer = await rebind(existing, form, upload, clientActor(req));
      // R22 is the person's, whichever client brings it; the registration's details are its own client's.
      res.status(202).json(visibleTo(existing, req.apiClient!.id) ? answer : { status: answer.status, rebind: answer.rebind });
      return;
    }
    if (existing) throw alreadyRegistered(existing, req.apiClient!.id);
    // A6: one live participant per phone, as per email: it is a login.
    if (phoneTaken) {
      throw new AppError(409, 'phone_taken', 'phone: another participant already uses this phone number', 'phone');
    }

    const participantId = randomUUID();
    const registeredAt = Date.now();
    const letterDocumentId = letter
      ? await storeDocument(pool, {
          kind: 'intermediary_letter',
          filename: letter.originalname,
          contentType: letterType!,
          content: letter.buffer,
        })
      : null;
    const registration: RegistrationInput = {
      participantId,
      email: form.email,
      emailNormalized,
      firstName: form.firstName,
      lastName: form.lastName,
      ...agencyDetails(form),
      letterDocumentId,
      clientId: req.apiClient!.id,
      phone: form.phone ?? null,
      registeredAt,
    };
    let workflowId: string;
    try {
      workflowId = await startRegistration({ registration, terms }, req.apiClient!.id);
    } catch (err) {
      if (letterDocumentId) await discardDocument(pool, letterDocumentId);
      throw err;
    }
    registrationsTaken.inc();
    const location = `/api/registrations/${participantId}`;
    // The workflow stores the form in its first task. Storing the same row here (keyed by the
    // participant's id, so whichever comes second changes nothing) answers without waiting on the
    // worker, and a client reads its registration at once (issue 12).
    let stored: boolean;
    try {
      ({ stored } = await insertParticipant(pool, registrationRow({ ...registration, workflowId, registeredAt })));
    } catch (err) {
      // Taken all the same: the workflow stores it once the database answers again.
      if (!permanentFailure(err)) throw new Accepted(location);
      // The workflow cannot store it either. Another participant took the address since the check (an email
      // change completed, say): the run ends quietly (`email_taken`) and this answer is 409. Otherwise the
      // run ends as failed and tells staff; the email stays free.
      const holder = await liveParticipantByEmail(pool, emailNormalized);
      if (holder && holder.id !== participantId) throw alreadyRegistered(holder, req.apiClient!.id);
      throw new AppError(422, 'registration_failed', 'The registration could not be stored; staff were told');
    }
    // Stored by this insert, the row is the form as it was just written; stored before it by the
    // workflow's first task, it is read (one round trip fewer on the usual path: issue 12).
    const view = stored ? justRegistered(participantId, registeredAt) : registrationView((await participantById(pool, participantId))!);
    res.status(201).location(location).json(view);
  });

  /**
   * R1: starts the email's workflow, one run per email, and answers its id. While a run of the email is
   * open, the start is refused: a live participant holds the email (409); or the run's participant
   * has moved to another address (R21), and the address is free under an id of its own
   * (`participantWorkflowIdAfter`); or no one holds it yet, and the run is ending (its registration has
   * just expired, failed or been rejected, and the run closes a moment later), or a registration of
   * the email sent at the same moment is still being stored. Then look again every 100 ms, within the
   * API's wait, rather than answer 409 to a person who may register again.
   */
  async function startRegistration(input: ParticipantWorkflowInput, clientId: string): Promise<string> {
    const { participantId, emailNormalized } = input.registration;
    let workflowId = participantWorkflowId(emailNormalized);
    const deadline = Date.now() + config.apiWorkflowWaitMs;
    while (!(await started())) {
      const holder = await liveParticipantByEmail(pool, emailNormalized);
      if (holder) throw alreadyRegistered(holder, clientId);
      const leaver = await liveParticipantOfWorkflow(pool, workflowId);
      if (leaver && leaver.email_normalized !== emailNormalized) {
        workflowId = participantWorkflowIdAfter(emailNormalized, leaver.id);
        continue;
      }
      if (Date.now() >= deadline) throw new AppError(409, 'email_already_registered', 'This email is already registered', 'email');
      await new Promise((r) => setTimeout(r, 100));
    }
    return workflowId;

    /** True once started; false while another run of the email is open. 503 when Temporal does not answer. */
    function started(): Promise<boolean> {
      const start = temporal.workflow
        .start<typeof participantWorkflow>('participantWorkflow', {
          workflowId,
          taskQueue: config.taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'FAIL',
          typedSearchAttributes: [
            { key: ParticipantEmail, value: [emailNormalized] },
            { key: ParticipantStatus, value: 'registering' },
          ],
          // Names the registration that started the run: a start whose answer was lost can still tell that the run is its own.
          memo: { participantId },
        })
        .then(
          () => true,
          async (err: unknown) => {
            if (await startedFor(workflowId, participantId)) return true; // an earlier try of this very start, or a lost answer
            if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
            throw err;
          },
        );
      return temporalCall(() => start);
    }
  }

  /** Whether the email's open run is this registration's own (its memo names it). */
  async function startedFor(workflowId: string, participantId: string): Promise<boolean> {
    const run = await temporal.workflow
      .getHandle(workflowId)
      .describe()
      .catch(() => null);
    return run?.status.name === 'RUNNING' && run.memo?.participantId === participantId;
  }

  /**
   * R22: the participant works at another agency now: the new details are kept as a rebind and
   * verified by the participant's workflow as in R4 (the registry, or a reviewer); points stay.
   */
  async function rebind(
    participant: ParticipantSummary,
    form: RegistrationRequest,
    letter: { filename: string; content: Buffer; contentType: string } | undefined,
    actor: ActorRef,
  ) {
    const rebindId = randomUUID();
    const letterDocumentId = letter ? await storeDocument(pool, { kind: 'intermediary_letter', ...letter }) : null;
    const inProgress = new AppError(
      409,
      'rebind_in_progress',
      'A change of agency is already being verified for this participant',
      'email',
    );
    try {
      const inserted = await insertRebind(pool, {
        id: rebindId,
        participantId: participant.id,
        ...agencyDetails(form),
        letterDocumentId,
        createdBy: actor.label,
      });
      if (!inserted) throw inProgress;
      await askWorkflow(
        workflowWait({ temporal, config }, `/api/registrations/${participant.id}`),
        () =>
          temporal.workflow
            .getHandle(participant.workflow_id)
            .startUpdate(rebindAgencyUpdate, { args: [{ rebindId }], waitForStage: 'ACCEPTED' }),
        { [ParticipantRefusal.notActive]: inProgress },
        inProgress,
      );
    } catch (err) {
      if (err instanceof Accepted) throw err; // the workflow verifies the rebind
      await dropUnreviewedRebind(pool, rebindId);
      if (letterDocumentId) await discardDocument(pool, letterDocumentId);
      throw err;
    }
    return { ...registrationView(participant), rebind: { id: rebindId, status: 'verifying' } };
  }

  /** Another client's registration answers 404, as if there were none: the person is nobody's, the registration its client's. */
  router.on('GET /api/registrations/:id', async (_in, req, res) => {
    const participant = /^[0-9a-f-]{36}$/i.test(req.params.id) ? await participantById(pool, req.params.id) : null;
    if (!participant || !visibleTo(participant, req.apiClient!.id))
      throw new AppError(404, 'registration_not_found', 'No registration with this id', 'id');
    res.json(registrationView(participant));
  });

  return router.done();
}

/** The agency and contract a form names, as a registration and a rebind (R22) both keep them. */
const agencyDetails = (form: RegistrationRequest) => ({
  agencyInn: form.agencyInn ?? null,
  agencyName: form.agencyName ?? null,
  contractPath: form.contractPath,
  contractNumber: form.contractNumber ?? null,
  subagencyLegalName: form.subagencyLegalName ?? null,
});

/** R22: the form names another agency, or another contract path, than the participant's. */
function movedAgency(p: ParticipantSummary, form: RegistrationRequest): boolean {
  const differs = (a: string | null | undefined, b: string | null | undefined) =>
    (a ?? '').trim().toLowerCase() !== (b ?? '').trim().toLowerCase();
  return (
    (form.agencyInn !== undefined && differs(form.agencyInn, p.agency_inn)) ||
    (form.agencyInn === undefined && differs(form.agencyName, p.agency_name)) ||
    form.contractPath !== p.contract_path ||
    differs(form.contractNumber, p.contract_number) ||
    differs(form.subagencyLegalName, p.subagency_legal_name)
  );
}

/** R1: the email is taken, whoever asks; only the client that registered it learns the registration's id. */
function alreadyRegistered(existing: ParticipantSummary, clientId: string): AppError {
  return new AppError(409, 'email_already_registered', 'This email is already registered', 'email', {
    registration: visibleTo(existing, clientId) ? { participantId: existing.id, status: existing.status } : { status: existing.status },
  });
}
