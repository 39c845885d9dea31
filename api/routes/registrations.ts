/**
 * Client API: an agency employee registers (R1–R4), and the client follows the registration.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { Router } from 'express';
import { discardDocument, storeDocument } from '../../db/documents.js';
import { liveParticipantByEmail, participantById, type ParticipantSummary } from '../../db/participants.js';
import { detectDocumentType } from '../../rules/documents.js';
import { termsAt } from '../../db/terms.js';
import { normalizeEmail } from '../../rules/email.js';
import {
  ParticipantEmail,
  ParticipantStatus,
  Refusal,
  participantWorkflowId,
  rebindAgencyUpdate,
  registerUpdate,
  type ActorRef,
  type EnrolmentTerms,
  type ParticipantWorkflowInput,
} from '../../workflows/messages.js';
import type { participantWorkflow } from '../../workflows/participant.js';
import { clientActor } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { uploads } from '../uploads.js';
import { askWorkflow } from '../temporal.js';
import { RegistrationRequest } from '../schemas.js';
import { parse } from '../validate.js';

export const registrationView = (p: ParticipantSummary) => ({
  participantId: p.id,
  status: p.status,
  memberNumber: p.member_number,
  registeredAt: p.registered_at.toISOString(),
  confirmedAt: p.confirmed_at?.toISOString() ?? null,
  activatedAt: p.activated_at?.toISOString() ?? null,
  endReason: p.end_reason,
  balance: p.balance,
});

export function registrationsRouter({ pool, temporal, config }: ApiDeps): Router {
  const router = Router();
  /** R27: the terms in force now; the workflow keeps them for its whole life. */
  const enrolmentTerms = async (): Promise<EnrolmentTerms> => {
    const { confirmationTimeoutMs, welcomePoints, lotLifetimeMs } = await termsAt(pool, config.program);
    return { confirmationTimeoutMs, welcomePoints, lotLifetimeMs };
  };
  const upload = uploads(config.maxUploadBytes);

  router.post('/registrations', upload.single('letter'), async (req, res) => {
    const form = parse(RegistrationRequest, req.body ?? {});
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
    const existing = await liveParticipantByEmail(pool, emailNormalized);
    if (existing && existing.status === 'active' && movedAgency(existing, form)) {
      const upload = letter ? { filename: letter.originalname, content: letter.buffer, contentType: letterType! } : undefined;
      res.status(202).json(await rebind(existing, form, upload, clientActor(req)));
      return;
    }
    if (existing) throw alreadyRegistered(existing);

    const participantId = randomUUID();
    const letterDocumentId = letter
      ? await storeDocument(pool, { kind: 'intermediary_letter', filename: letter.originalname, contentType: letterType!, content: letter.buffer })
      : null;
    const input: ParticipantWorkflowInput = {
      registration: {
        participantId,
        email: form.email,
        emailNormalized,
        firstName: form.firstName,
        lastName: form.lastName,
        agencyInn: form.agencyInn ?? null,
        agencyName: form.agencyName ?? null,
        contractPath: form.contractPath,
        contractNumber: form.contractNumber ?? null,
        subagencyLegalName: form.subagencyLegalName ?? null,
        letterDocumentId,
      },
      terms: await enrolmentTerms(),
    };
    // Start-or-join the email's workflow and wait until it has stored the registration. A workflow
    // already running for this email (R1) refuses the register update: nothing new starts.
    try {
      await askWorkflow(
        () =>
          temporal.workflow.executeUpdateWithStart(registerUpdate, {
            args: [{ participantId }],
            startWorkflowOperation: new WithStartWorkflowOperation<typeof participantWorkflow>('participantWorkflow', {
              workflowId: participantWorkflowId(emailNormalized),
              taskQueue: config.taskQueue,
              args: [input],
              workflowIdConflictPolicy: 'USE_EXISTING',
              typedSearchAttributes: [
                { key: ParticipantEmail, value: [emailNormalized] },
                { key: ParticipantStatus, value: 'registering' },
              ],
            }),
          }),
        { [Refusal.alreadyRegistered]: new AppError(409, 'email_already_registered', 'This email is already registered', 'email') },
        new AppError(503, 'try_again', 'The registration could not be started; try again'),
      );
    } catch (err) {
      if (letterDocumentId) await discardDocument(pool, letterDocumentId);
      if (err instanceof AppError && err.code === 'email_already_registered') {
        const current = await liveParticipantByEmail(pool, emailNormalized);
        if (current) throw alreadyRegistered(current);
      }
      throw err;
    }
    const stored = await participantById(pool, participantId);
    res.status(201).location(`/api/registrations/${participantId}`).json(registrationView(stored!));
  });

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
    const letterDocumentId = letter
      ? await storeDocument(pool, { kind: 'intermediary_letter', ...letter })
      : null;
    const inProgress = new AppError(409, 'rebind_in_progress', 'A change of agency is already being verified for this participant', 'email');
    try {
      const inserted = await pool.query(
        `INSERT INTO agency_rebinds (id, participant_id, agency_inn, agency_name, contract_path, contract_number, subagency_legal_name,
                                     letter_document_id, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'verifying', $9) ON CONFLICT DO NOTHING`,
        [rebindId, participant.id, form.agencyInn ?? null, form.agencyName ?? null, form.contractPath, form.contractNumber ?? null,
          form.subagencyLegalName ?? null, letterDocumentId, actor.label],
      );
      if (!inserted.rowCount) throw inProgress;
      await askWorkflow(
        () => temporal.workflow.getHandle(participant.workflow_id).executeUpdate(rebindAgencyUpdate, { args: [{ rebindId }] }),
        { [Refusal.notActive]: inProgress },
        inProgress,
      );
    } catch (err) {
      await pool.query(`DELETE FROM agency_rebinds WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM review_tasks WHERE rebind_id = $1)`, [rebindId]);
      if (letterDocumentId) await discardDocument(pool, letterDocumentId);
      throw err;
    }
    return { ...registrationView(participant), rebind: { id: rebindId, status: 'verifying' } };
  }

  router.get('/registrations/:id', async (req, res) => {
    const participant = /^[0-9a-f-]{36}$/i.test(req.params.id) ? await participantById(pool, req.params.id) : null;
    if (!participant) throw new AppError(404, 'registration_not_found', 'No registration with this id', 'id');
    res.json(registrationView(participant));
  });

  return router;
}

/** R22: the form names another agency, or another contract path, than the participant's. */
function movedAgency(p: ParticipantSummary, form: RegistrationRequest): boolean {
  const differs = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim().toLowerCase() !== (b ?? '').trim().toLowerCase();
  return (form.agencyInn !== undefined && differs(form.agencyInn, p.agency_inn))
    || (form.agencyInn === undefined && differs(form.agencyName, p.agency_name))
    || form.contractPath !== p.contract_path
    || differs(form.contractNumber, p.contract_number)
    || differs(form.subagencyLegalName, p.subagency_legal_name);
}

function alreadyRegistered(existing: ParticipantSummary): AppError {
  return new AppError(409, 'email_already_registered', 'This email is already registered', 'email', {
    registration: { participantId: existing.id, status: existing.status },
  });
}
