/**
 * Enrolment activities of the participant workflow. Every write is keyed so that a retried
 * activity changes nothing twice: inserts on natural keys, updates guarded by the current state.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { systemActor, writeAudit } from '../db/audit.js';
import { matchingContracts } from '../db/contracts.js';
import { markConfirmationTokenUsed, storeConfirmationToken } from '../db/confirmations.js';
import { creditEarnedPoints } from '../db/accrual.js';
import { annulEverything, entryByKey, postCredits } from '../db/ledger.js';
import {
  activate,
  closeParticipant,
  enrolmentParticipant,
  insertParticipant,
  markEmailConfirmed,
  markRegistrationExpired,
  markRegistrationRejected,
  participantAgencyId,
  rebindParticipant,
  registrationRow,
  upsertAgency,
  type EnrolmentParticipant,
  type StoredRegistration,
} from '../db/participants.js';
import { markRebindApplied, markRebindRejected, rebindForm } from '../db/rebinds.js';
import { decideReviewTask, insertReviewTask, resolveReviewTaskByRegistry } from '../db/reviews.js';
import { inTransaction } from '../db/pool.js';
import { crashPoint } from '../infra/faults.js';
import { derivedToken, sha256 } from '../infra/secrets.js';
import { decideVerification, type RegistryContract, type Verdict } from '../rules/verification.js';
import { EMAIL_TAKEN_FAILURE, type ReviewDecision } from '../workflows/messages/participant.js';
import type { StaffRef } from '../workflows/messages/shared.js';
import { deliverMail, recordMail } from './mail.js';
import { announceTierChanges, tierContext, type TierDeps } from './tiers.js';
import { confirmationLetter, rejectionLetter, welcomeLetter } from './templates.js';

/** What every activity is built over (the tier deps: A1's accrual and announcements, activities/tiers.ts). */
export interface EnrolmentDeps extends TierDeps {
  publicUrl: string;
  tokenSecret: string;
}

export function enrolmentActivities(deps: EnrolmentDeps) {
  const { pool, mailer, publicUrl, tokenSecret } = deps;
  async function participant(participantId: string): Promise<EnrolmentParticipant> {
    const row = await enrolmentParticipant(pool, participantId);
    if (!row) throw ApplicationFailure.nonRetryable(`Participant ${participantId} not found`, 'ParticipantNotFound');
    return row;
  }

  async function rebind(rebindId: string) {
    const form = await rebindForm(pool, rebindId);
    if (!form) throw ApplicationFailure.nonRetryable(`Rebind ${rebindId} not found`, 'RebindNotFound');
    return form;
  }

  return {
    /**
     * Stores the registration form; the agency is shared by colleagues (R5). One statement (no
     * transaction to open), keyed by the participant's id: the API has usually stored the same row
     * already (api/routes/registrations.ts), and then this changes nothing.
     */
    async recordRegistration(r: StoredRegistration): Promise<void> {
      try {
        await insertParticipant(pool, registrationRow(r));
      } catch (err) {
        if ((err as { constraint?: string }).constraint !== 'participants_live_email') throw err;
        throw ApplicationFailure.nonRetryable(`Another participant holds ${r.emailNormalized} now`, EMAIL_TAKEN_FAILURE);
      }
    },

    /** R3: a one-time link; attempt n of a participant always yields the same token, stored hashed. */
    async sendConfirmationLink({
      participantId,
      attempt,
      expiresAt,
      requestedBy,
    }: {
      participantId: string;
      attempt: number;
      expiresAt: number;
      /** the staff member who asked for a fresh link, audited with it */
      requestedBy: StaffRef | null;
    }): Promise<void> {
      const p = await participant(participantId);
      const key = `confirm:${participantId}:${attempt}`;
      const token = derivedToken(tokenSecret, key);
      const letter = confirmationLetter(p.first_name, `${publicUrl}/confirm?token=${token}`, new Date(expiresAt));
      await inTransaction(pool, async (tx) => {
        await storeConfirmationToken(tx, { participantId, tokenHash: sha256(token), expiresAt });
        const { rowCount } = await recordMail(tx, { key, participantId, kind: 'confirmation', to: p.email, ...letter });
        if (rowCount && requestedBy) {
          await writeAudit(
            tx,
            { type: 'staff', ...requestedBy },
            'participant.resend_confirmation',
            { type: 'participant', id: participantId },
            { attempt },
          );
        }
      });
      await deliverMail(pool, mailer, key);
    },

    /** Marks the token used and the email confirmed; the API has checked the token and stored the password. */
    async confirmEmail({ participantId, tokenId }: { participantId: string; tokenId: string }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        await markConfirmationTokenUsed(tx, tokenId, participantId);
        await markEmailConfirmed(tx, participantId);
      });
    },

    /** R3: never confirmed; the email is free to register again. */
    async expireRegistration({ participantId }: { participantId: string }): Promise<void> {
      await markRegistrationExpired(pool, participantId);
    },

    /**
     * R4: asks the operator's contract registry and decides what it can, for the registration form
     * or, with `rebindId`, for the new agency of a participant who changed employer (R22).
     */
    async checkContract({ participantId, rebindId }: { participantId: string; rebindId?: string }): Promise<Verdict> {
      const form = rebindId ? await rebind(rebindId) : await participant(participantId);
      const rows = await matchingContracts(pool, {
        contractNumber: form.contract_number,
        agencyInn: form.agency_inn,
        agencyName: form.agency_name,
      });
      return decideVerification(
        {
          agencyInn: form.agency_inn,
          agencyName: form.agency_name,
          contractPath: form.contract_path,
          contractNumber: form.contract_number,
          subagencyLegalName: form.subagency_legal_name,
        },
        rows,
      );
    },

    /** Opens the review task under the id the workflow chose; a retry finds it there. */
    async openReviewTask(t: {
      taskId: string;
      participantId: string;
      reason: string;
      hint: string;
      candidates?: RegistryContract[];
      rebindId?: string;
    }) {
      await insertReviewTask(pool, t);
    },

    /** R22: the verified new agency becomes the participant's; points, history and member number stay. */
    async applyRebind({ rebindId }: { rebindId: string }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const rb = await markRebindApplied(tx, rebindId);
        if (!rb) return; // applied by an earlier attempt
        const agencyId = await upsertAgency(tx, rb.agency_inn, rb.agency_name);
        const fromAgency = await participantAgencyId(tx, rb.participant_id);
        await rebindParticipant(tx, rb.participant_id, {
          agencyId,
          contractPath: rb.contract_path,
          contractNumber: rb.contract_number,
          subagencyLegalName: rb.subagency_legal_name,
          letterDocumentId: rb.letter_document_id,
        });
        await writeAudit(
          tx,
          systemActor,
          'participant.rebound',
          { type: 'participant', id: rb.participant_id },
          {
            rebindId,
            fromAgency,
            toAgency: agencyId,
          },
        );
      });
    },

    async rejectRebind({ rebindId, reason }: { rebindId: string; reason: string }): Promise<void> {
      await markRebindRejected(pool, rebindId, reason);
    },

    /** A reviewer's decision and its audit entry, in one transaction. */
    async recordReviewDecision(d: ReviewDecision & { participantId: string }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const decided = await decideReviewTask(tx, { taskId: d.taskId, decision: d.decision, reason: d.reason, staffId: d.staff.id });
        if (!decided) return; // already recorded by an earlier attempt
        await writeAudit(
          tx,
          { type: 'staff', id: d.staff.id, label: d.staff.label },
          `review.${d.decision}`,
          { type: 'review_task', id: d.taskId },
          { participantId: d.participantId, reason: d.reason },
        );
      });
    },

    /**
     * A7: the registry now verifies the contract (an approved application brought the agency): the
     * open task closes without a reviewer, audited, in one transaction; a retry changes nothing.
     */
    async resolveReviewByRegistry({
      taskId,
      participantId,
      contractNumber,
    }: {
      taskId: string;
      participantId: string;
      contractNumber: string;
    }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        if (!(await resolveReviewTaskByRegistry(tx, taskId))) return;
        await writeAudit(
          tx,
          systemActor,
          'review.resolved_by_registry',
          { type: 'review_task', id: taskId },
          { participantId, contractNumber },
        );
      });
    },

    async rejectRegistration({ participantId, reason }: { participantId: string; reason: string }): Promise<void> {
      await markRegistrationRejected(pool, participantId, reason);
    },

    /** R7, A6: active, a member number and the welcome points, all or nothing, exactly once. */
    async activateParticipant({
      participantId,
      welcomePoints,
      lotLifetimeMs,
    }: {
      participantId: string;
      welcomePoints: number;
      lotLifetimeMs: number;
    }) {
      // A1: welcome points qualify for a tier only if the tier term says so (by default they do not).
      const tiers = await tierContext(deps);
      const memberNumber = await inTransaction(pool, async (tx) => {
        const number = await activate(tx, participantId);
        if (number === null) throw ApplicationFailure.nonRetryable(`Participant ${participantId} cannot be activated`);
        if (welcomePoints > 0) {
          const welcome = {
            participantId,
            amount: welcomePoints,
            sourceType: 'welcome',
            sourceId: participantId,
            key: `welcome:${participantId}`,
          } as const;
          if (tiers.tiers.qualifyingSources.includes('welcome')) await creditEarnedPoints(tx, [welcome], lotLifetimeMs, tiers);
          else await postCredits(tx, [welcome], lotLifetimeMs);
        }
        return String(number);
      });
      crashPoint('after-activation-commit');
      await announceTierChanges(deps, [participantId]);
      return { memberNumber };
    },

    /** R26: annuls everything the participant holds and closes the account, in one transaction. */
    async closeAccount({ participantId, reason, staff }: { participantId: string; reason: string; staff: StaffRef }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        if (!(await closeParticipant(tx, participantId, reason))) return; // closed by an earlier attempt
        const annulled = await annulEverything(tx, { participantId, key: `leaving:${participantId}`, reason, createdBy: staff.label });
        await writeAudit(
          tx,
          { type: 'staff', ...staff },
          'participant.close',
          { type: 'participant', id: participantId },
          { reason, annulled },
        );
      });
    },

    async sendWelcome({ participantId }: { participantId: string }): Promise<void> {
      const p = await participant(participantId);
      const key = `welcome:${participantId}`;
      const welcome = await entryByKey(pool, key);
      const letter = welcomeLetter(p.first_name, String(p.member_number), welcome?.amount ?? 0);
      await recordMail(pool, { key, participantId, kind: 'welcome', to: p.email, ...letter });
      await deliverMail(pool, mailer, key);
    },

    async sendRejection({ participantId, reason }: { participantId: string; reason: string }): Promise<void> {
      const p = await participant(participantId);
      const key = `rejection:${participantId}`;
      await recordMail(pool, { key, participantId, kind: 'rejection', to: p.email, ...rejectionLetter(p.first_name, reason) });
      await deliverMail(pool, mailer, key);
    },
  };
}
