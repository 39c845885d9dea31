/**
 * R21: a participant who changed employer and lost the corporate mailbox asks to change the email.
 * Read top to bottom: wait for the two documents (a reminder, then a deadline) → a support reviewer
 * approves or rejects → a link confirms the new address → the new address is the identity; points,
 * history and member number stay. One workflow per request; every step is audited by its activity.
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
import {
  EmailChangeRefusal,
  confirmNewEmailUpdate,
  decideEmailChangeUpdate,
  emailChangeQuery,
  emailChangedSignal,
  submitEmailChangeDocumentUpdate,
  type ActorRef,
  type EmailChangeDocumentKind,
  type EmailChangeInput,
  type EmailChangeStatus,
  type EmailChangeView,
  type StaffRef,
} from './messages.js';

const { recordEmailChangeDocument, remindEmailChangeDocuments, decideEmailChange, sendNewEmailConfirmation, applyEmailChange, endEmailChange } =
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });

const BOTH: EmailChangeDocumentKind[] = ['new_employer_letter', 'employment_record'];
type Document = { kind: EmailChangeDocumentKind; documentId: string; by: ActorRef };
type Decision = { decision: 'approve' | 'reject'; reason: string | null; staff: StaffRef };

export async function emailChangeWorkflow(input: EmailChangeInput): Promise<EmailChangeView> {
  const { requestId } = input;
  const startedAt = Date.now();
  const view: EmailChangeView = { requestId, status: 'awaiting_documents', documents: [], deadline: startedAt + input.documentsTimeoutMs };
  let decision: Decision | null = null;
  let confirmed = false;

  const bothArrived = () => BOTH.every((kind) => view.documents.includes(kind));
  const refuseUnless = (ok: boolean, type: string) => {
    if (!ok) throw ApplicationFailure.create({ type, message: `The request is ${view.status}`, nonRetryable: true });
  };
  setHandler(emailChangeQuery, () => view);
  setHandler(
    submitEmailChangeDocumentUpdate,
    async (doc) => {
      await recordEmailChangeDocument({ requestId, ...doc });
      if (!view.documents.includes(doc.kind)) view.documents.push(doc.kind);
      // The activity moved the request to review with its second document: so does the workflow, at once.
      if (bothArrived()) enter('awaiting_review', null);
      return view;
    },
    { validator: (_: Document) => refuseUnless(view.status === 'awaiting_documents', EmailChangeRefusal.notAwaitingDocuments) },
  );
  setHandler(
    decideEmailChangeUpdate,
    async (d) => {
      decision = d;
      await condition(() => view.status !== 'awaiting_review');
      return view;
    },
    { validator: (_: Decision) => refuseUnless(view.status === 'awaiting_review' && decision === null, EmailChangeRefusal.notAwaitingReview) },
  );
  setHandler(
    confirmNewEmailUpdate,
    async () => {
      confirmed = true;
      await condition(() => view.status !== 'awaiting_confirmation');
      return view;
    },
    { validator: () => refuseUnless(view.status === 'awaiting_confirmation' && !confirmed, EmailChangeRefusal.notAwaitingConfirmation) },
  );

  // 1. Both documents, with a reminder when they are late, before the deadline.
  if (!(await condition(bothArrived, input.reminderAfterMs))) {
    await remindEmailChangeDocuments({ requestId });
    if (!(await condition(bothArrived, Math.max(1, view.deadline! - Date.now())))) return end('expired', 'documents_not_received');
  }
  await condition(allHandlersFinished); // the last document's record is written

  // 2. A person decides.
  enter('awaiting_review', null);
  await condition(() => decision !== null);
  const { decision: verdict, reason, staff } = decision!;
  await decideEmailChange({ requestId, decision: verdict, reason, staff });
  if (verdict === 'reject') return end('rejected', reason ?? 'rejected', 'already recorded');

  // 3. The new address proves it is reachable.
  enter('awaiting_confirmation', Date.now() + input.confirmationTimeoutMs);
  await sendNewEmailConfirmation({ requestId, expiresAt: view.deadline! });
  if (!(await condition(() => confirmed, input.confirmationTimeoutMs))) return end('expired', 'new_address_not_confirmed');

  // 4. The new address is the identity from now on.
  const applied = await applyEmailChange({ requestId });
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

  async function end(status: 'expired' | 'rejected' | 'cancelled', endReason: string, recorded?: 'already recorded'): Promise<EmailChangeView> {
    if (!recorded) await endEmailChange({ requestId, status, endReason });
    return finish(status);
  }

  async function finish(status: EmailChangeStatus): Promise<EmailChangeView> {
    enter(status, null);
    await condition(allHandlersFinished);
    return view;
  }
}
