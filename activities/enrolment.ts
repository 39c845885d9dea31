/**
 * Enrolment activities of the participant workflow. Every write is keyed so that a retried
 * activity changes nothing twice: inserts on natural keys, updates guarded by the current state.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { systemActor, writeAudit } from '../db/audit.js';
import { annulEverything, postCredits } from '../db/ledger.js';
import { inTransaction, type Db, type Pool } from '../infra/db.js';
import { crashPoint } from '../infra/faults.js';
import { derivedToken, sha256 } from '../infra/secrets.js';
import type { Mailer } from '../infra/mailer.js';
import { decideVerification, type RegistryContract, type Verdict } from '../rules/verification.js';
import type { RegistrationInput, ReviewDecision, StaffRef } from '../workflows/messages.js';
import { deliverMail, recordMail } from './mail.js';
import { confirmationLetter, rejectionLetter, welcomeLetter } from './templates.js';

export interface EnrolmentDeps {
  pool: Pool;
  mailer: Mailer;
  publicUrl: string;
  tokenSecret: string;
}

interface ParticipantRow {
  id: string;
  email: string;
  first_name: string;
  status: string;
  agency_inn: string | null;
  agency_name: string | null;
  contract_path: 'agent' | 'subagent' | 'intermediary';
  contract_number: string | null;
  subagency_legal_name: string | null;
  member_number: number | null;
}

/** The agency (a legal entity) by INN, or by legal name when there is no INN; colleagues share it (R5). */
async function upsertAgency(tx: Db, inn: string | null, legalName: string | null): Promise<string> {
  const { rows } = inn
    ? await tx.query<{ id: string }>(
        `INSERT INTO agencies (inn, legal_name) VALUES ($1, $2)
         ON CONFLICT (inn) DO UPDATE SET legal_name = COALESCE(agencies.legal_name, EXCLUDED.legal_name)
         RETURNING id`,
        [inn, legalName],
      )
    : await tx.query<{ id: string }>(
        `INSERT INTO agencies (legal_name) VALUES ($1)
         ON CONFLICT (lower(legal_name)) WHERE inn IS NULL DO UPDATE SET legal_name = agencies.legal_name
         RETURNING id`,
        [legalName],
      );
  return rows[0].id;
}

export function enrolmentActivities({ pool, mailer, publicUrl, tokenSecret }: EnrolmentDeps) {
  async function participant(participantId: string): Promise<ParticipantRow> {
    const { rows } = await pool.query<ParticipantRow>(
      `SELECT p.id, p.email, p.first_name, p.status, a.inn AS agency_inn, a.legal_name AS agency_name,
              p.contract_path, p.contract_number, p.subagency_legal_name, p.member_number
         FROM participants p JOIN agencies a ON a.id = p.agency_id WHERE p.id = $1`,
      [participantId],
    );
    if (!rows[0]) throw ApplicationFailure.nonRetryable(`Participant ${participantId} not found`, 'ParticipantNotFound');
    return rows[0];
  }

  async function rebindForm(rebindId: string) {
    const { rows } = await pool.query<Omit<ParticipantRow, 'id' | 'email' | 'first_name' | 'status' | 'member_number'>>(
      'SELECT agency_inn, agency_name, contract_path, contract_number, subagency_legal_name FROM agency_rebinds WHERE id = $1',
      [rebindId],
    );
    if (!rows[0]) throw ApplicationFailure.nonRetryable(`Rebind ${rebindId} not found`, 'RebindNotFound');
    return rows[0];
  }

  return {
    /** Stores the registration form; the agency is shared by colleagues (R5). */
    async recordRegistration(r: RegistrationInput & { workflowId: string; registeredAt: number }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const agencyId = await upsertAgency(tx, r.agencyInn, r.agencyName);
        await tx.query(
          `INSERT INTO participants (id, workflow_id, email, email_normalized, first_name, last_name, agency_id,
                                     contract_path, contract_number, subagency_legal_name, letter_document_id,
                                     status, registered_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending_confirmation', to_timestamp($12 / 1000.0))
           ON CONFLICT (id) DO NOTHING`,
          [r.participantId, r.workflowId, r.email.trim(), r.emailNormalized, r.firstName, r.lastName, agencyId,
            r.contractPath, r.contractNumber, r.subagencyLegalName, r.letterDocumentId, r.registeredAt],
        );
      });
    },

    /** R3: a one-time link; attempt n of a participant always yields the same token, stored hashed. */
    async sendConfirmationLink({ participantId, attempt, expiresAt, requestedBy }: {
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
        await tx.query(
          `INSERT INTO confirmation_tokens (participant_id, token_hash, expires_at)
           VALUES ($1, $2, to_timestamp($3 / 1000.0)) ON CONFLICT (token_hash) DO NOTHING`,
          [participantId, sha256(token), expiresAt],
        );
        // A fresh link replaces the earlier ones.
        await tx.query(
          `UPDATE confirmation_tokens SET expires_at = least(expires_at, now())
            WHERE participant_id = $1 AND token_hash <> $2 AND used_at IS NULL`,
          [participantId, sha256(token)],
        );
        const { rowCount } = await recordMail(tx, { key, participantId, kind: 'confirmation', to: p.email, ...letter });
        if (rowCount && requestedBy) {
          await writeAudit(tx, { type: 'staff', ...requestedBy }, 'participant.resend_confirmation',
            { type: 'participant', id: participantId }, { attempt });
        }
      });
      await deliverMail(pool, mailer, key);
    },

    /** Marks the token used and the email confirmed; the API has checked the token and stored the password. */
    async confirmEmail({ participantId, tokenId }: { participantId: string; tokenId: string }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        await tx.query(
          'UPDATE confirmation_tokens SET used_at = now() WHERE id = $1 AND participant_id = $2 AND used_at IS NULL',
          [tokenId, participantId],
        );
        await tx.query(
          `UPDATE participants SET status = 'pending_verification', confirmed_at = now()
            WHERE id = $1 AND status = 'pending_confirmation'`,
          [participantId],
        );
      });
    },

    /** R3: never confirmed; the email is free to register again. */
    async expireRegistration({ participantId }: { participantId: string }): Promise<void> {
      await pool.query(
        `UPDATE participants SET status = 'expired', ended_at = now(), end_reason = 'confirmation_timeout'
          WHERE id = $1 AND status = 'pending_confirmation'`,
        [participantId],
      );
    },

    /**
     * R4: asks the operator's contract registry and decides what it can, for the registration form
     * or, with `rebindId`, for the new agency of a participant who changed employer (R22).
     */
    async checkContract({ participantId, rebindId }: { participantId: string; rebindId?: string }): Promise<Verdict> {
      const form = rebindId ? await rebindForm(rebindId) : await participant(participantId);
      const { rows } = await pool.query<RegistryContract>(
        `SELECT contract_number AS "contractNumber", contract_type AS "contractType", inn,
                legal_name AS "legalName", status
           FROM contract_registry
          WHERE contract_number = $1 OR inn = $2 OR lower(legal_name) = lower($3)
          ORDER BY contract_number`,
        [form.contract_number, form.agency_inn, form.agency_name],
      );
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
    async openReviewTask({ taskId, participantId, reason, hint, rebindId }: { taskId: string; participantId: string; reason: string; hint: string; rebindId?: string }) {
      await pool.query(
        `INSERT INTO review_tasks (id, idempotency_key, kind, participant_id, workflow_id, status, review_reason, registry_hint, rebind_id)
         SELECT $7, $1, $5, id, workflow_id, 'open', $2, $3, $6 FROM participants WHERE id = $4
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [rebindId ? `rebind:${rebindId}` : `registration:${participantId}`, reason, hint, participantId, rebindId ? 'rebind' : 'registration', rebindId ?? null, taskId],
      );
    },

    /** R22: the verified new agency becomes the participant's; points, history and member number stay. */
    async applyRebind({ rebindId }: { rebindId: string }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const { rows: [rb] } = await tx.query(
          `UPDATE agency_rebinds SET status = 'applied', decided_at = now() WHERE id = $1 AND status = 'verifying' RETURNING *`,
          [rebindId],
        );
        if (!rb) return; // applied by an earlier attempt
        const agencyId = await upsertAgency(tx, rb.agency_inn, rb.agency_name);
        const { rows: [before] } = await tx.query('SELECT agency_id FROM participants WHERE id = $1', [rb.participant_id]);
        await tx.query(
          `UPDATE participants SET agency_id = $2, contract_path = $3, contract_number = $4, subagency_legal_name = $5, letter_document_id = $6
            WHERE id = $1`,
          [rb.participant_id, agencyId, rb.contract_path, rb.contract_number, rb.subagency_legal_name, rb.letter_document_id],
        );
        await writeAudit(tx, systemActor, 'participant.rebound', { type: 'participant', id: rb.participant_id }, {
          rebindId, fromAgency: before.agency_id, toAgency: agencyId,
        });
      });
    },

    async rejectRebind({ rebindId, reason }: { rebindId: string; reason: string }): Promise<void> {
      await pool.query(`UPDATE agency_rebinds SET status = 'rejected', reason = $2, decided_at = now() WHERE id = $1 AND status = 'verifying'`, [rebindId, reason]);
    },

    /** A reviewer's decision and its audit entry, in one transaction. */
    async recordReviewDecision(d: ReviewDecision & { participantId: string }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const { rowCount } = await tx.query(
          `UPDATE review_tasks SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now()
            WHERE id = $1 AND status = 'open'`,
          [d.taskId, d.decision === 'approve' ? 'approved' : 'rejected', d.reason, d.staff.id],
        );
        if (rowCount === 0) return; // already recorded by an earlier attempt
        await writeAudit(tx, { type: 'staff', id: d.staff.id, label: d.staff.label }, `review.${d.decision}`,
          { type: 'review_task', id: d.taskId }, { participantId: d.participantId, reason: d.reason });
      });
    },

    async rejectRegistration({ participantId, reason }: { participantId: string; reason: string }): Promise<void> {
      await pool.query(
        `UPDATE participants SET status = 'rejected', ended_at = now(), end_reason = $2
          WHERE id = $1 AND status = 'pending_verification'`,
        [participantId, reason],
      );
    },

    /** R7, A6: active, a member number and the welcome points, all or nothing, exactly once. */
    async activateParticipant({ participantId, welcomePoints, lotLifetimeMs }: { participantId: string; welcomePoints: number; lotLifetimeMs: number }) {
      const memberNumber = await inTransaction(pool, async (tx) => {
        const { rows } = await tx.query<{ member_number: number }>(
          `UPDATE participants
              SET status = 'active',
                  verified_at = COALESCE(verified_at, now()),
                  activated_at = COALESCE(activated_at, now()),
                  member_number = COALESCE(member_number, nextval('member_number_seq'))
            WHERE id = $1 AND status IN ('pending_verification', 'active')
            RETURNING member_number`,
          [participantId],
        );
        if (!rows[0]) throw ApplicationFailure.nonRetryable(`Participant ${participantId} cannot be activated`);
        if (welcomePoints > 0) {
          const welcome = { participantId, amount: welcomePoints, sourceType: 'welcome', sourceId: participantId, key: `welcome:${participantId}` } as const;
          await postCredits(tx, [welcome], lotLifetimeMs);
        }
        return String(rows[0].member_number);
      });
      crashPoint('after-activation-commit');
      return { memberNumber };
    },

    /** R26: annuls everything the participant holds and closes the account, in one transaction. */
    async closeAccount({ participantId, reason, staff }: { participantId: string; reason: string; staff: StaffRef }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const { rowCount } = await tx.query(
          `UPDATE participants SET status = 'closed', ended_at = now(), end_reason = $2 WHERE id = $1 AND status = 'active'`,
          [participantId, reason],
        );
        if (!rowCount) return; // closed by an earlier attempt
        const annulled = await annulEverything(tx, { participantId, key: `leaving:${participantId}`, reason, createdBy: staff.label });
        await writeAudit(tx, { type: 'staff', ...staff }, 'participant.close', { type: 'participant', id: participantId }, { reason, annulled });
      });
    },

    async sendWelcome({ participantId }: { participantId: string }): Promise<void> {
      const p = await participant(participantId);
      const { rows } = await pool.query<{ amount: number }>(
        'SELECT amount FROM ledger_entries WHERE idempotency_key = $1',
        [`welcome:${participantId}`],
      );
      const key = `welcome:${participantId}`;
      const letter = welcomeLetter(p.first_name, String(p.member_number), rows[0]?.amount ?? 0);
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
