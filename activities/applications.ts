/**
 * Activities of the corporate-application workflow (A7). Each write is guarded by the application's
 * status, so a retried activity changes nothing twice; every step is audited; mail goes to the
 * organisation's contact person.
 */
import { ApplicationFailure } from '@temporalio/activity';
import {
  applicationById,
  endApplication,
  markApplicationApproved,
  markApplicationRejected,
  markApplicationReminded,
  setApplicationDocument,
  type ApplicationRow,
} from '../db/applications.js';
import { writeAudit } from '../db/audit.js';
import { addApplicationContract } from '../db/contracts.js';
import { workflowsAwaitingVerification } from '../db/participants.js';
import { inTransaction, type Db, type Pool } from '../db/pool.js';
import type { Mailer } from '../infra/mailer.js';
import type { ApplicationDecision, ApplicationDocumentKind } from '../workflows/messages/application.js';
import type { ActorRef } from '../workflows/messages/shared.js';
import { deliverMail, recordMail } from './mail.js';
import { applicationApprovedLetter, applicationRejectedLetter, applicationReminderLetter, type Letter } from './templates.js';

export interface ApplicationDeps {
  pool: Pool;
  mailer: Mailer;
}

/** A7: the number of the contract an approval brings into the registry, made of the application's number. */
export const applicationContractNumber = (applicationNumber: string): string => `CORP-${applicationNumber.padStart(6, '0')}`;

async function application(db: Db, applicationId: string, lock = false): Promise<ApplicationRow> {
  const row = await applicationById(db, applicationId, lock);
  if (!row) throw ApplicationFailure.nonRetryable(`Application ${applicationId} not found`, 'ApplicationNotFound');
  return row;
}

export function applicationActivities({ pool, mailer }: ApplicationDeps) {
  const send = async (key: string, a: ApplicationRow, kind: string, letter: Letter) => {
    await recordMail(pool, { key, participantId: null, kind, to: a.contact_email, ...letter });
    await deliverMail(pool, mailer, key);
  };
  const subject = (applicationId: string) => ({ type: 'application', id: applicationId });

  return {
    async recordApplicationDocument({
      applicationId,
      kind,
      documentId,
      by,
    }: {
      applicationId: string;
      kind: ApplicationDocumentKind;
      documentId: string;
      by: ActorRef;
    }) {
      await inTransaction(pool, async (tx) => {
        // With both documents in, the application goes to a manager.
        if (await setApplicationDocument(tx, applicationId, kind, documentId)) {
          await writeAudit(tx, by, 'application.document', subject(applicationId), { kind, documentId });
        }
      });
    },

    /** The documents are late: the contact person is reminded, once. */
    async remindApplicationDocuments({ applicationId }: { applicationId: string }) {
      const a = await application(pool, applicationId);
      await markApplicationReminded(pool, applicationId);
      await send(
        `application-reminder:${applicationId}`,
        a,
        'application_reminder',
        applicationReminderLetter(a.contact_name, a.legal_name, a.number),
      );
    },

    /**
     * A manager's decision, in one transaction with its audit entry. An approval writes the agency into
     * the contract registry (R4) and answers the contract's number; a retry finds it recorded.
     */
    async decideApplication({
      applicationId,
      decision,
      reason,
      staff,
    }: { applicationId: string } & ApplicationDecision): Promise<{ contractNumber: string | null }> {
      return inTransaction(pool, async (tx) => {
        const a = await application(tx, applicationId, true);
        if (a.status === (decision === 'approve' ? 'approved' : 'rejected')) return { contractNumber: a.contract_number }; // an earlier attempt
        if (a.status !== 'awaiting_review') {
          throw ApplicationFailure.nonRetryable(`Application ${applicationId} is ${a.status}`, 'ApplicationNotAwaitingReview');
        }
        const actor = { type: 'staff' as const, ...staff };
        if (decision === 'reject') {
          await markApplicationRejected(tx, applicationId, { reason: reason!, staff });
          await writeAudit(tx, actor, 'application.reject', subject(applicationId), { reason });
          return { contractNumber: null };
        }
        const contractNumber = await addApplicationContract(tx, {
          applicationId,
          contractNumber: applicationContractNumber(a.number),
          contractType: a.contract_path,
          inn: a.inn,
          legalName: a.legal_name,
        });
        await markApplicationApproved(tx, applicationId, { contractNumber, staff });
        await writeAudit(tx, actor, 'application.approve', subject(applicationId), { contractNumber, inn: a.inn });
        return { contractNumber };
      });
    },

    /** The workflows of the agency's registrations (and changes of agency, R22) waiting on the contract check. */
    async waitingRegistrationsOf({ applicationId }: { applicationId: string }): Promise<string[]> {
      const a = await application(pool, applicationId);
      return workflowsAwaitingVerification(pool, { inn: a.inn, legalName: a.legal_name });
    },

    /** The decision to the contact person: the contract number, or the rejection's reason. */
    async sendApplicationDecision({ applicationId }: { applicationId: string }) {
      const a = await application(pool, applicationId);
      const key = `application-decision:${applicationId}`;
      if (a.status === 'approved') {
        await send(key, a, 'application_approved', applicationApprovedLetter(a.contact_name, a.legal_name, a.number, a.contract_number!));
      } else if (a.status === 'rejected') {
        await send(key, a, 'application_rejected', applicationRejectedLetter(a.contact_name, a.legal_name, a.number, a.decision_reason!));
      } else {
        throw ApplicationFailure.nonRetryable(`Application ${applicationId} is ${a.status}: no decision to send`, 'ApplicationNotDecided');
      }
    },

    async endApplication({
      applicationId,
      status,
      endReason,
    }: {
      applicationId: string;
      status: 'expired' | 'cancelled';
      endReason: string;
    }) {
      await endApplication(pool, applicationId, status, endReason);
    },
  };
}
