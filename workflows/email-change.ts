/**
 * R21: a participant who changed employer and lost the corporate mailbox asks to change the email.
 * Read top to bottom: wait for the two documents (a reminder, then a deadline) → a support reviewer
 * approves (never one who opened the request or uploaded a document: four eyes) or rejects → a link
 * confirms the new address → the new address is the identity; points, history and member number
 * stay. One workflow per request; every step is audited by its activity.
 * A step that fails for good raises an incident for staff: the request is cancelled, except a
 * document or a decision that cannot be recorded, which is refused while the request waits on.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { databaseStep, mailStep } from './activity-options.js';
import { DocumentIntake } from './document-intake.js';
import { attempt, failureOf, reportIncident, stepRefusal, type StepFailure } from './incidents.js';
import {
  EMAIL_CHANGE_DOCUMENT_KINDS,
  EmailChangeRefusal,
  confirmNewEmailUpdate,
  decideEmailChangeUpdate,
  emailChangeQuery,
  submitEmailChangeDocumentUpdate,
  type EmailChangeDecision as Decision,
  type EmailChangeDocumentKind,
  type EmailChangeInput,
  type EmailChangeStatus,
  type EmailChangeView,
} from './messages/email-change.js';
import { emailChangedSignal } from './messages/participant.js';
import type { ActorRef } from './messages/shared.js';

const { recordEmailChangeDocument, decideEmailChange, applyEmailChange, endEmailChange } = proxyActivities<Activities>(databaseStep);
const { remindEmailChangeDocuments, sendNewEmailConfirmation } = proxyActivities<Activities>(mailStep);

type Document = { kind: EmailChangeDocumentKind; documentId: string; by: ActorRef };
const AWAITS_ANOTHER_DECISION = "The request still waits for a reviewer's decision.";
const FOUR_EYES = 'Four eyes: you opened this request or uploaded one of its documents, so another staff member must approve it';

export async function emailChangeWorkflow(input: EmailChangeInput): Promise<EmailChangeView> {
  const { requestId } = input;
  const startedAt = Date.now();
  const view: EmailChangeView = { requestId, status: 'awaiting_documents', documents: [], deadline: startedAt + input.documentsTimeoutMs };
  let decision: Decision | null = null;
  let confirmed = false;
  // The last decision that could not be recorded (its sender is refused).
  let decisionFailed: StepFailure | null = null;
  const subject = { type: 'email_change', id: requestId } as const;

  // R21: the two documents, by update (workflows/document-intake.ts).
  const documents = new DocumentIntake(EMAIL_CHANGE_DOCUMENT_KINDS, () => view.documents);
  // Set when the deadline has won over the new address's confirmation: a confirmation is answered 'expired'.
  let confirmationClosed = false;
  const refuseUnless = (ok: boolean, type: string) => {
    if (!ok) throw ApplicationFailure.create({ type, message: `The request is ${view.status}`, nonRetryable: true });
  };
  // Four eyes: the staff members who opened the request or gave it a document (one later replaced
  // included). None of them may approve it, so no support account alone moves a login to an address
  // it controls. A participant opening it from the shop (an API client) is not staff and bars nobody.
  const involvedStaff = new Set<string>();
  if (input.openedBy?.type === 'staff') involvedStaff.add(input.openedBy.id);
  setHandler(emailChangeQuery, () => view);
  setHandler(
    submitEmailChangeDocumentUpdate,
    async (doc) => {
      const failure = await documents.take(doc.kind, () => failureOf(recordEmailChangeDocument({ requestId, ...doc })));
      if (failure) {
        const consequence = 'The request still waits for this document.';
        await reportIncident(subject, failure, consequence);
        throw stepRefusal(failure, consequence);
      }
      if (doc.by.type === 'staff') involvedStaff.add(doc.by.id);
      if (!view.documents.includes(doc.kind)) view.documents.push(doc.kind);
      // The activity moved the request to review with its second document: so does the workflow, at once.
      if (documents.allRecorded()) enter('awaiting_review', null);
      return view;
    },
    {
      validator: (_: Document) =>
        refuseUnless(view.status === 'awaiting_documents' && !documents.closed, EmailChangeRefusal.notAwaitingDocuments),
    },
  );
  setHandler(
    decideEmailChangeUpdate,
    async (d) => {
      decision = d;
      await condition(() => view.status !== 'awaiting_review' || decision !== d);
      if (view.status === 'awaiting_review' && decisionFailed) throw stepRefusal(decisionFailed, AWAITS_ANOTHER_DECISION);
      return view;
    },
    {
      validator: (d: Decision) => {
        refuseUnless(view.status === 'awaiting_review' && decision === null, EmailChangeRefusal.notAwaitingReview);
        // Refused here, before the update is accepted: nothing is recorded and the request still
        // awaits review. Only an approval: a rejection moves nothing (the address stays), so whoever
        // opened the request may still withdraw it.
        if (d.decision === 'approve' && involvedStaff.has(d.staff.id)) {
          throw ApplicationFailure.create({ type: EmailChangeRefusal.fourEyes, message: FOUR_EYES, nonRetryable: true });
        }
      },
    },
  );
  setHandler(
    confirmNewEmailUpdate,
    async () => {
      // The first of this confirmation and the deadline to reach the workflow wins; a confirmation
      // after the deadline is not taken, and its answer (the view, 'expired') says so.
      if (!confirmationClosed) confirmed = true;
      await condition(() => view.status !== 'awaiting_confirmation');
      return view;
    },
    { validator: () => refuseUnless(view.status === 'awaiting_confirmation' && !confirmed, EmailChangeRefusal.notAwaitingConfirmation) },
  );

  // 1. Both documents, with a reminder when they are late, before the deadline. The documents taken
  //    and the deadline are weighed here, once: whichever the workflow took first wins.
  const arrived = await documents.arrival({
    remindAt: startedAt + input.reminderAfterMs,
    deadline: view.deadline!,
    remind: async () => {
      const unreminded = await failureOf(remindEmailChangeDocuments({ requestId }));
      if (unreminded) await reportIncident(subject, unreminded, 'No reminder was sent; the request still waits for its documents.');
    },
  });
  if (!arrived) return end('expired', 'documents_not_received');

  // 2. A person decides; a decision that cannot be recorded is refused, and the request waits for another.
  enter('awaiting_review', null);
  for (;;) {
    await condition(() => decision !== null);
    const { decision: verdict, reason, staff } = decision!;
    const decided = await failureOf(decideEmailChange({ requestId, decision: verdict, reason, staff }));
    if (decided) {
      await reportIncident(subject, decided, AWAITS_ANOTHER_DECISION);
      decisionFailed = decided;
      decision = null;
      continue;
    }
    if (verdict === 'reject') return end('rejected', reason ?? 'rejected', 'already recorded');
    break;
  }

  // 3. The new address proves it is reachable.
  enter('awaiting_confirmation', Date.now() + input.confirmationTimeoutMs);
  const sent = await failureOf(sendNewEmailConfirmation({ requestId, expiresAt: view.deadline! }));
  if (sent) return fail(sent);
  await condition(() => confirmed, input.confirmationTimeoutMs);
  if (!confirmed) {
    confirmationClosed = true; // decided here, once: a confirmation accepted in the same instant still counts
    return end('expired', 'new_address_not_confirmed');
  }

  // 4. The new address is the identity from now on.
  const applying = await attempt(applyEmailChange({ requestId }));
  if (!applying.ok) return fail(applying.failure);
  const applied = applying.value;
  if (!applied.ok) return end('cancelled', applied.reason);
  try {
    await getExternalWorkflowHandle(input.participantWorkflowId).signal(emailChangedSignal, { emailNormalized: applied.emailNormalized });
  } catch {
    // The participant's workflow has ended (the account closed meanwhile): nothing to tell it.
  }
  return finish('completed');

  function enter(status: EmailChangeStatus, deadline: number | null) {
    view.status = status;
    view.deadline = deadline;
  }

  async function end(
    status: 'expired' | 'rejected' | 'cancelled',
    endReason: string,
    recorded?: 'already recorded',
  ): Promise<EmailChangeView> {
    if (!recorded) {
      const failure = await failureOf(endEmailChange({ requestId, status, endReason }));
      if (failure)
        await reportIncident(subject, failure, `The request could not be closed (${status}, ${endReason}): it stays open in the records.`);
    }
    return finish(status);
  }

  /**
   * The incident path of a step that failed for good (the new address refused by the mail relay,
   * the change refused by the database): the request is cancelled, the old address stays, staff are told.
   */
  async function fail(failure: StepFailure): Promise<EmailChangeView> {
    const closed = await failureOf(endEmailChange({ requestId, status: 'cancelled', endReason: 'incident' }));
    await reportIncident(
      subject,
      failure,
      closed
        ? `The request could not be cancelled either (${closed.reason}): it stays open in the records.`
        : 'The request was cancelled; the participant keeps the old address.',
    );
    return finish('cancelled');
  }

  async function finish(status: EmailChangeStatus): Promise<EmailChangeView> {
    enter(status, null);
    await condition(allHandlersFinished);
    return view;
  }
}
