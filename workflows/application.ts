/**
 * A7: an organisation (a travel agency not yet under contract) applies to join the program. Read top
 * to bottom: wait for the two signed documents (a reminder, then a deadline) → a manager approves or
 * rejects with a reason → an approval writes the agency into the contract registry (R4) and tells the
 * agency's registrations that wait on the contract check to verify again, so they go on without a
 * reviewer → the contact person is told the outcome. One workflow per application; every step is
 * audited by its activity.
 * A step that fails for good raises an incident for staff: a document or a decision that cannot be
 * recorded is refused while the application waits on; after the decision, the decision stands.
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
  APPLICATION_DOCUMENT_KINDS,
  ApplicationRefusal,
  applicationQuery,
  decideApplicationUpdate,
  submitApplicationDocumentUpdate,
  type ApplicationDecision as Decision,
  type ApplicationDocumentKind,
  type ApplicationInput,
  type ApplicationStatus,
  type ApplicationView,
} from './messages/application.js';
import { registryChangedSignal } from './messages/participant.js';
import type { ActorRef } from './messages/shared.js';

const { recordApplicationDocument, decideApplication, waitingRegistrationsOf, endApplication } = proxyActivities<Activities>(databaseStep);
const { remindApplicationDocuments, sendApplicationDecision } = proxyActivities<Activities>(mailStep);

type Document = { kind: ApplicationDocumentKind; documentId: string; by: ActorRef };
const AWAITS_ANOTHER_DECISION = "The application still waits for a manager's decision.";

export async function applicationWorkflow(input: ApplicationInput): Promise<ApplicationView> {
  const { applicationId } = input;
  const startedAt = Date.now();
  const view: ApplicationView = {
    applicationId,
    // Set before the handlers: an update that reached the workflow with its start is validated as
    // soon as its handler is set, against this (both documents with the application: its review).
    status: APPLICATION_DOCUMENT_KINDS.every((kind) => input.documents.includes(kind)) ? 'awaiting_review' : 'awaiting_documents',
    documents: [...input.documents],
    deadline: startedAt + input.documentsTimeoutMs,
    contractNumber: null,
  };
  let decision: Decision | null = null;
  // The last decision that could not be recorded (its sender is refused).
  let decisionFailed: StepFailure | null = null;
  const subject = { type: 'application', id: applicationId } as const;

  // The documents came with the application, or come later by update (workflows/document-intake.ts).
  const documents = new DocumentIntake(APPLICATION_DOCUMENT_KINDS, () => view.documents, input.documents);
  const refuseUnless = (ok: boolean, type: string) => {
    if (!ok) throw ApplicationFailure.create({ type, message: `The application is ${view.status}`, nonRetryable: true });
  };

  setHandler(applicationQuery, () => view);
  setHandler(
    submitApplicationDocumentUpdate,
    async (doc) => {
      const failure = await documents.take(doc.kind, () => failureOf(recordApplicationDocument({ applicationId, ...doc })));
      if (failure) {
        const consequence = 'The application still waits for this document.';
        await reportIncident(subject, failure, consequence);
        throw stepRefusal(failure, consequence);
      }
      if (!view.documents.includes(doc.kind)) view.documents.push(doc.kind);
      // The activity moved the application to review with its second document: so does the workflow, at once.
      if (documents.allRecorded()) enter('awaiting_review', null);
      return view;
    },
    {
      validator: (_: Document) =>
        refuseUnless(view.status === 'awaiting_documents' && !documents.closed, ApplicationRefusal.notAwaitingDocuments),
    },
  );
  setHandler(
    decideApplicationUpdate,
    async (d) => {
      decision = d;
      await condition(() => view.status !== 'awaiting_review' || decision !== d);
      if (view.status === 'awaiting_review' && decisionFailed) throw stepRefusal(decisionFailed, AWAITS_ANOTHER_DECISION);
      return view;
    },
    {
      validator: (_: Decision) =>
        refuseUnless(view.status === 'awaiting_review' && decision === null, ApplicationRefusal.notAwaitingReview),
    },
  );

  // 1. Both signed documents, with a reminder to the contact when they are late, before the deadline.
  //    The documents taken and the deadline are weighed here, once: whichever the workflow took first wins.
  const arrived = await documents.arrival({
    remindAt: startedAt + input.reminderAfterMs,
    deadline: view.deadline!,
    remind: async () => {
      const unreminded = await failureOf(remindApplicationDocuments({ applicationId }));
      if (unreminded) await reportIncident(subject, unreminded, 'No reminder was sent; the application still waits for its documents.');
    },
  });
  if (!arrived) return end('expired', 'documents_not_received');

  // 2. A manager decides; a decision that cannot be recorded is refused, and the application waits for another.
  enter('awaiting_review', null);
  let verdict: Decision['decision'];
  for (;;) {
    await condition(() => decision !== null);
    const decided = await attempt(decideApplication({ applicationId, ...decision! }));
    if (!decided.ok) {
      await reportIncident(subject, decided.failure, AWAITS_ANOTHER_DECISION);
      decisionFailed = decided.failure;
      decision = null;
      continue;
    }
    verdict = decision!.decision;
    view.contractNumber = decided.value.contractNumber;
    break;
  }

  // 3. Approved: the agency is in the registry now, so its registrations waiting on the contract check
  //    verify again at once (R4) rather than wait for a reviewer.
  enter(verdict === 'approve' ? 'approved' : 'rejected', null);
  if (verdict === 'approve') {
    const waiting = await attempt(waitingRegistrationsOf({ applicationId }));
    if (!waiting.ok) {
      await reportIncident(
        subject,
        waiting.failure,
        'The agency is in the registry, but its waiting registrations were not told: they stay with their reviewers.',
      );
    } else {
      // A workflow that has ended meanwhile (confirmed, rejected, closed) has nothing to verify.
      await Promise.all(
        waiting.value.map((workflowId) =>
          getExternalWorkflowHandle(workflowId)
            .signal(registryChangedSignal, { applicationId })
            .catch(() => undefined),
        ),
      );
    }
  }

  // 4. The contact person learns the outcome: the contract number, or the reason for the rejection.
  const unsent = await failureOf(sendApplicationDecision({ applicationId }));
  if (unsent) await reportIncident(subject, unsent, 'The contact person was not told; the decision stands all the same.');
  return finish();

  function enter(status: ApplicationStatus, deadline: number | null) {
    view.status = status;
    view.deadline = deadline;
  }

  async function end(status: 'expired' | 'cancelled', endReason: string): Promise<ApplicationView> {
    enter(status, null);
    const failure = await failureOf(endApplication({ applicationId, status, endReason }));
    if (failure)
      await reportIncident(
        subject,
        failure,
        `The application could not be closed (${status}, ${endReason}): it stays open in the records.`,
      );
    return finish();
  }

  async function finish(): Promise<ApplicationView> {
    await condition(allHandlersFinished);
    return view;
  }
}
