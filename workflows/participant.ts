/**
 * A participant's lifecycle, one workflow per person (R1), read top to bottom as the business
 * process: register → confirm the email (R3) → verify the contract, by the registry or a person (R4)
 * → active with a member number (A6) and the welcome points (R7).
 * All I/O happens in activities; the workflow only decides and waits.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import {
  MemberNumber,
  ParticipantEmail,
  closeAccountUpdate,
  emailChangedSignal,
  rebindAgencyUpdate,
  ParticipantStatus,
  Refusal,
  confirmEmailUpdate,
  decideReviewUpdate,
  participantQuery,
  registerUpdate,
  resendConfirmationUpdate,
  type ParticipantOutcome,
  type ParticipantView,
  type ParticipantWorkflowInput,
  type ReviewDecision,
  type StaffRef,
  type Stage,
} from './messages.js';

const { recordRegistration, confirmEmail, expireRegistration, checkContract, openReviewTask, recordReviewDecision,
  rejectRegistration, activateParticipant, closeAccount, applyRebind, rejectRebind } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const { sendConfirmationLink, sendWelcome, sendRejection } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function participantWorkflow(input: ParticipantWorkflowInput): Promise<ParticipantOutcome> {
  const { registration, terms } = input;
  const participantId = registration.participantId;
  const view: ParticipantView = {
    participantId,
    stage: input.activeSince ? 'active' : 'registering',
    confirmationDeadline: null,
    linksSent: 0,
    reviewTaskId: null,
    memberNumber: input.activeSince?.memberNumber ?? null,
  };
  let confirmed = false;
  let resendsRequested = 0;
  let resendRequestedBy: StaffRef | null = null;
  let decisionTaken: ReviewDecision | null = null; // claimed synchronously: a second decision is refused
  let decisionRecorded = false;
  let leaving: { reason: string; staff: StaffRef } | null = null;
  let rebinding: string | null = null;
  const emails = input.emails ?? [registration.emailNormalized];

  const enter = (stage: Stage) => {
    view.stage = stage;
    upsertSearchAttributes([{ key: ParticipantStatus, value: stage }]);
  };
  const refuseUnless = (ok: boolean, type: string, message: string) => {
    if (!ok) throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };

  const awaitingConfirmation = () =>
    refuseUnless(view.stage === 'awaiting_confirmation', Refusal.notAwaitingConfirmation, `Registration is ${view.stage}`);

  setHandler(participantQuery, () => view);
  // R21: the new address joins the old ones, so the Web UI finds the participant by either.
  setHandler(emailChangedSignal, ({ emailNormalized }) => {
    if (emails.includes(emailNormalized)) return;
    emails.push(emailNormalized);
    upsertSearchAttributes([{ key: ParticipantEmail, value: [...emails] }]);
  });
  setHandler(
    registerUpdate,
    async () => {
      await condition(() => view.stage !== 'registering');
      return view;
    },
    {
      validator: ({ participantId: requested }) =>
        refuseUnless(requested === participantId, Refusal.alreadyRegistered, 'This email is already registered'),
    },
  );
  setHandler(
    confirmEmailUpdate,
    async ({ tokenId }) => {
      await confirmEmail({ participantId, tokenId });
      confirmed = true;
      await condition(() => view.stage !== 'awaiting_confirmation');
      return view;
    },
    { validator: (_: { tokenId: string }) => awaitingConfirmation() },
  );
  setHandler(
    resendConfirmationUpdate,
    async ({ staff }) => {
      resendRequestedBy = staff;
      const linksWanted = ++resendsRequested + 1;
      await condition(() => view.linksSent >= linksWanted || view.stage !== 'awaiting_confirmation');
      return view;
    },
    { validator: (_: { staff: StaffRef }) => awaitingConfirmation() },
  );
  setHandler(
    decideReviewUpdate,
    async (decision) => {
      refuseUnless(decisionTaken === null, Refusal.reviewNotOpen, 'This review has already been decided');
      decisionTaken = decision;
      await recordReviewDecision({ ...decision, participantId });
      decisionRecorded = true;
      await condition(() => view.stage !== 'awaiting_review');
      return view;
    },
    {
      validator: ({ taskId }) =>
        refuseUnless(
          (view.stage === 'awaiting_review' || rebinding !== null) && view.reviewTaskId === taskId && decisionTaken === null,
          Refusal.reviewNotOpen,
          'This review is not open',
        ),
    },
  );

  setHandler(
    rebindAgencyUpdate,
    ({ rebindId }) => {
      rebinding = rebindId;
      return view;
    },
    {
      validator: (_: { rebindId: string }) =>
        refuseUnless(view.stage === 'active' && rebinding === null && leaving === null, Refusal.notActive, `The participant is ${view.stage}`),
    },
  );
  setHandler(
    closeAccountUpdate,
    async (request) => {
      leaving = request;
      await condition(() => view.stage === 'closed');
      return view;
    },
    {
      validator: (_: { reason: string; staff: StaffRef }) =>
        refuseUnless(view.stage === 'active' && leaving === null, Refusal.notActive, `The participant is ${view.stage}`),
    },
  );

  if (!input.activeSince) {
    await recordRegistration({ ...registration, workflowId: workflowInfo().workflowId, registeredAt: Date.now() });

    // R3: the email must be confirmed within the window; support may resend the link, which opens it again.
    enter('awaiting_confirmation');
    while (!confirmed) {
      view.confirmationDeadline = Date.now() + terms.confirmationTimeoutMs;
      view.linksSent++;
      await sendConfirmationLink({
        participantId,
        attempt: view.linksSent,
        expiresAt: view.confirmationDeadline,
        requestedBy: view.linksSent > 1 ? resendRequestedBy : null,
      });
      const woken = await condition(
        () => confirmed || resendsRequested + 1 > view.linksSent,
        view.confirmationDeadline - Date.now(),
      );
      if (!woken) {
        await expireRegistration({ participantId });
        return finish('expired', { outcome: 'expired' });
      }
    }
    view.confirmationDeadline = null;

    // R4: the registry decides what it can; a person decides the rest. Nothing is approved silently.
    enter('verifying');
    const rejection = await verifyContract();
    if (rejection !== null) {
      await rejectRegistration({ participantId, reason: rejection });
      await sendRejection({ participantId, reason: rejection });
      return finish('rejected', { outcome: 'rejected', reason: rejection });
    }

    // R7, A6: active, with a member number and the welcome points, exactly once.
    enter('activating');
    const { memberNumber } = await activateParticipant({ participantId, welcomePoints: terms.welcomePoints, lotLifetimeMs: terms.lotLifetimeMs });
    view.memberNumber = memberNumber;
    upsertSearchAttributes([{ key: MemberNumber, value: memberNumber }]);
    enter('active');
    await sendWelcome({ participantId });
  }

  // Active: the participant's later life (earning, spending, account changes) arrives as messages.
  // Keep the history small by continuing as new when the server suggests it.
  for (;;) {
    await condition(() => leaving !== null || rebinding !== null || workflowInfo().continueAsNewSuggested);
    if (leaving) {
      // R26: the account closes and every point is annulled; the email may register again (R23).
      const { reason, staff } = leaving;
      await closeAccount({ participantId, reason, staff });
      return finish('closed', { outcome: 'closed', reason });
    }
    if (rebinding === null) break;
    // R22: the new employer is verified as in R4; points and member number stay either way.
    const rejection = await verifyContract(rebinding);
    if (rejection === null) await applyRebind({ rebindId: rebinding });
    else await rejectRebind({ rebindId: rebinding, reason: rejection });
    rebinding = null;
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof participantWorkflow>({ ...input, activeSince: { memberNumber: view.memberNumber! }, emails });

  /**
   * Runs R4 for the registration (or, with `rebindId`, for a new agency, R22) and answers the reason
   * for rejection, or null when the contract is verified.
   */
  async function verifyContract(rebindId?: string): Promise<string | null> {
    const verdict = await checkContract({ participantId, rebindId });
    if (verdict.outcome !== 'review') return verdict.outcome === 'rejected' ? verdict.reason : null;
    decisionTaken = null;
    decisionRecorded = false;
    // The task's id is chosen here, before the task exists: a reviewer who sees the task in the queue
    // can decide at once, with no gap in which the workflow would not know it yet.
    view.reviewTaskId = uuid4();
    if (!rebindId) enter('awaiting_review');
    await openReviewTask({ taskId: view.reviewTaskId, participantId, reason: verdict.reason, hint: verdict.hint, rebindId });
    await condition(() => decisionRecorded);
    const { decision, reason } = decisionTaken!;
    return decision === 'approve' ? null : reason ?? 'rejected by review';
  }

  async function finish(stage: Stage, outcome: ParticipantOutcome): Promise<ParticipantOutcome> {
    enter(stage);
    await condition(allHandlersFinished);
    return outcome;
  }
}
