/**
 * A participant's lifecycle, one workflow per person (R1), read top to bottom as the business
 * process: register → confirm the email (R3) → verify the contract, by the registry or a person (R4)
 * → active with a member number (A6) and the welcome points (R7).
 * All I/O happens in activities; the workflow only decides and waits.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  TemporalFailure,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { databaseStep, localDatabaseStep, mailStep } from './activity-options.js';
import { attempt, failureOf, onStepFailure, reportIncident, StepFailedError, stepRefusal, type StepFailure } from './incidents.js';
import {
  MemberNumber,
  ParticipantEmail,
  closeAccountUpdate,
  EMAIL_TAKEN_FAILURE,
  emailChangedSignal,
  rebindAgencyUpdate,
  ParticipantStatus,
  ParticipantTier,
  ParticipantRefusal as Refusal,
  confirmEmailUpdate,
  decideReviewUpdate,
  participantQuery,
  registerUpdate,
  registryChangedSignal,
  resendConfirmationUpdate,
  tierChangedSignal,
  type ParticipantOutcome,
  type ParticipantView,
  type ParticipantWorkflowInput,
  type ReviewDecision,
  type Stage,
} from './messages/participant.js';
import type { StaffRef } from './messages/shared.js';

const db = proxyActivities<Activities>(databaseStep);
const mail = proxyActivities<Activities>(mailStep);
const local = proxyLocalActivities<Activities>(localDatabaseStep);

/**
 * Issue 12: the registration form is stored by a local activity in the first workflow task. The API
 * has usually stored the same row already, keyed by the participant's id (api/routes/registrations.ts);
 * this makes it certain when the API could not (it died, or the database was away). What the local
 * attempts could not do is handed to the ordinary activity (a day of retries, then the incident
 * path). Patched in: workflows that started before this stored the form with the ordinary activity alone.
 */
const REGISTRATION_STORED_LOCALLY = 'registration-stored-locally';

/**
 * R1: a local store refused because another participant holds the address (EmailTaken) ends the
 * registration at once; before this, the ordinary activity tried the same insert once more, to
 * fail the same way. Patched in: runs past that point replay with the ordinary activity.
 */
const EMAIL_TAKEN_ENDS_LOCALLY = 'email-taken-ends-locally';

/**
 * A7: a review that the registry resolves once it learns the agency (registryChanged). Patched in:
 * workflows that waited for a reviewer before this knew only the reviewer.
 */
const REGISTRY_RECHECK = 'review-resolved-by-registry';

/** The stages of a registration that has not ended yet: a step failing for good here ends it. */
const REGISTERING: Stage[] = ['registering', 'awaiting_confirmation', 'verifying', 'awaiting_review', 'activating'];

/** Ends the workflow from inside a step, once the registration's incident path has run (see `participantWorkflow`). */
class RegistrationEnded extends Error {
  constructor(readonly outcome: ParticipantOutcome) {
    super('the registration ended');
  }
}

export async function participantWorkflow(input: ParticipantWorkflowInput): Promise<ParticipantOutcome> {
  try {
    return await participantLifecycle(input);
  } catch (err) {
    if (err instanceof RegistrationEnded) return err.outcome;
    throw err;
  }
}

async function participantLifecycle(input: ParticipantWorkflowInput): Promise<ParticipantOutcome> {
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
  // R3: which came first, the confirmation or the deadline, decided once, in the order the workflow
  // takes them (the confirmation's handler, the wait for it): the other is answered by it.
  let confirmation = null as 'confirmed' | 'expired' | null;
  let confirmed = false; // the confirmation is recorded
  let resendsRequested = 0;
  let resendRequestedBy: StaffRef | null = null;
  let decisionTaken: ReviewDecision | null = null; // claimed synchronously: a second decision is refused
  let decisionRecorded = false;
  // A7: how many times the registry learnt an agency (registryChanged), and whether the registry is
  // resolving the open review (a reviewer's decision is refused meanwhile, as after another's).
  let registryChanges = 0;
  let resolvingByRegistry = false;
  let leaving: { reason: string; staff: StaffRef } | null = null;
  let rebinding: string | null = null;
  const emails = input.emails ?? [registration.emailNormalized];
  let closingFailed: StepFailure | null = null;
  const subject = { type: 'participant', id: participantId } as const;

  // A step of the registration that fails for good ends it as 'failed' (see `registrationFailed`);
  // in the active participant's life it is reported and the participant stays active.
  const {
    recordRegistration,
    expireRegistration,
    checkContract,
    openReviewTask,
    rejectRegistration,
    activateParticipant,
    closeAccount,
    applyRebind,
    rejectRebind,
  } = onStepFailure(db, registrationFailed);
  const { sendConfirmationLink } = onStepFailure(mail, registrationFailed);
  // In message handlers a failure refuses the message; a mail after the outcome is only reported.
  const { confirmEmail, recordReviewDecision, failRegistration } = db;
  const { sendWelcome, sendRejection } = mail;

  const enter = (stage: Stage) => {
    view.stage = stage;
    upsertSearchAttributes([{ key: ParticipantStatus, value: stage }]);
  };
  // The database says active once activateParticipant commits, and the API sends the changes of an
  // active participant (R22, R26) from then on; this workflow enters 'active' when it hears of the
  // commit, a task (or, after a crash, a retry) later. A change taken meanwhile waits for it.
  const activeOrActivated = () => view.stage === 'active' || view.stage === 'activating';
  const refuseUnless = (ok: boolean, type: string, message: string) => {
    if (!ok) throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };

  setHandler(participantQuery, () => view);
  // R21: the new address joins the old ones, so the Web UI finds the participant by either.
  setHandler(emailChangedSignal, ({ emailNormalized }) => {
    if (emails.includes(emailNormalized)) return;
    emails.push(emailNormalized);
    upsertSearchAttributes([{ key: ParticipantEmail, value: [...emails] }]);
  });
  // A1: the tier lives in PostgreSQL (db/tiers.ts); the workflow only shows it to operators.
  let lastTierChange = input.lastTierChange ?? 0;
  setHandler(tierChangedSignal, ({ tier, changeId }) => {
    if (changeId <= lastTierChange) return;
    lastTierChange = changeId;
    upsertSearchAttributes([{ key: ParticipantTier, value: tier ?? 'none' }]);
  });
  // A7: counted here and acted on only where a review waits (see `awaitReview`).
  setHandler(registryChangedSignal, () => {
    registryChanges++;
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
      // Taken before the deadline: this confirmation wins. Taken after it (or after another
      // confirmation), it is answered by the outcome: the view's stage, 'expired' if the deadline won.
      if (confirmation === null) {
        confirmation = 'confirmed';
        const failure = await failureOf(confirmEmail({ participantId, tokenId }));
        if (failure) {
          confirmation = null; // nothing was recorded: the registration still waits, its deadline still runs
          throw await refuse(failure, 'The registration still waits for its email to be confirmed.');
        }
        confirmed = true;
      }
      await condition(() => view.stage !== 'awaiting_confirmation');
      return view;
    },
    {
      validator: (_: { tokenId: string }) =>
        refuseUnless(
          view.stage === 'awaiting_confirmation' || view.stage === 'expired',
          Refusal.notAwaitingConfirmation,
          `Registration is ${view.stage}`,
        ),
    },
  );
  setHandler(
    resendConfirmationUpdate,
    async ({ staff }) => {
      resendRequestedBy = staff;
      const linksWanted = ++resendsRequested + 1;
      await condition(() => view.linksSent >= linksWanted || view.stage !== 'awaiting_confirmation');
      return view;
    },
    {
      // 'registering' too: the API answers a registration before the workflow's first task has run,
      // and a fresh link asked for meanwhile follows the first one.
      validator: (_: { staff: StaffRef }) =>
        refuseUnless(
          (view.stage === 'registering' || view.stage === 'awaiting_confirmation') && confirmation === null,
          Refusal.notAwaitingConfirmation,
          `Registration is ${view.stage}`,
        ),
    },
  );
  setHandler(
    decideReviewUpdate,
    async (decision) => {
      refuseUnless(decisionTaken === null && !resolvingByRegistry, Refusal.reviewNotOpen, 'This review has already been decided');
      decisionTaken = decision;
      const failure = await failureOf(recordReviewDecision({ ...decision, participantId }));
      if (failure) {
        // The task stays open: a reviewer may decide again.
        decisionTaken = null;
        throw await refuse(failure, 'The review task stays open.');
      }
      decisionRecorded = true;
      await condition(() => view.stage !== 'awaiting_review');
      return view;
    },
    {
      validator: ({ taskId }) =>
        refuseUnless(
          (view.stage === 'awaiting_review' || rebinding !== null) &&
            view.reviewTaskId === taskId &&
            decisionTaken === null &&
            !resolvingByRegistry,
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
        refuseUnless(activeOrActivated() && rebinding === null && leaving === null, Refusal.notActive, `The participant is ${view.stage}`),
    },
  );
  setHandler(
    closeAccountUpdate,
    async (request) => {
      leaving = request;
      await condition(() => view.stage === 'closed' || closingFailed !== null);
      if (closingFailed) {
        const failure = closingFailed;
        closingFailed = null;
        throw stepRefusal(failure, 'The account stays active.');
      }
      return view;
    },
    {
      validator: (_: { reason: string; staff: StaffRef }) =>
        refuseUnless(activeOrActivated() && leaving === null, Refusal.notActive, `The participant is ${view.stage}`),
    },
  );

  if (!input.activeSince) {
    // Usually the API has stored this very row already; storing it here is what makes it certain.
    const form = { ...registration, workflowId: workflowInfo().workflowId, registeredAt: registration.registeredAt ?? Date.now() };
    if (!patched(REGISTRATION_STORED_LOCALLY) || !(await storedLocally(form))) await recordRegistration(form);

    // R3: the email must be confirmed within the window; support may resend the link, which opens it
    // again. The deadline is weighed against `confirmation` here, once: a confirmation the workflow
    // took in the very activation the timer fired still wins; after this, one is answered 'expired'.
    enter('awaiting_confirmation');
    const resendWanted = () => resendsRequested + 1 > view.linksSent;
    while (!confirmed) {
      if (resendWanted()) {
        view.confirmationDeadline = Date.now() + terms.confirmationTimeoutMs;
        view.linksSent++;
        await sendConfirmationLink({
          participantId,
          attempt: view.linksSent,
          expiresAt: view.confirmationDeadline,
          requestedBy: view.linksSent > 1 ? resendRequestedBy : null,
        });
      }
      await condition(() => confirmation !== null || resendWanted(), Math.max(1, view.confirmationDeadline! - Date.now()));
      if (confirmation === null && !resendWanted()) confirmation = 'expired';
      if (confirmation === 'expired') {
        await expireRegistration({ participantId });
        return finish('expired', { outcome: 'expired' });
      }
      // A confirmation was taken: wait until it is recorded, or refused (then the window goes on).
      if (confirmation === 'confirmed') await condition(() => confirmed || confirmation === null);
    }
    view.confirmationDeadline = null;

    // R4: the registry decides what it can; a person decides the rest. Nothing is approved silently.
    enter('verifying');
    const rejection = await verifyContract();
    if (rejection !== null) {
      await rejectRegistration({ participantId, reason: rejection });
      await orReport(sendRejection({ participantId, reason: rejection }), 'The registration is rejected all the same.');
      return finish('rejected', { outcome: 'rejected', reason: rejection });
    }

    // R7, A6: active, with a member number and the welcome points, exactly once.
    enter('activating');
    const { memberNumber } = await activateParticipant({
      participantId,
      welcomePoints: terms.welcomePoints,
      lotLifetimeMs: terms.lotLifetimeMs,
    });
    view.memberNumber = memberNumber;
    upsertSearchAttributes([{ key: MemberNumber, value: memberNumber }]);
    enter('active');
    await orReport(sendWelcome({ participantId }), 'The participant is active all the same.');
  }

  // Active: the participant's later life (earning, spending, account changes) arrives as messages.
  // Keep the history small by continuing as new when the server suggests it.
  for (;;) {
    await condition(() => leaving !== null || rebinding !== null || workflowInfo().continueAsNewSuggested);
    if (leaving) {
      // R26: the account closes and every point is annulled; the email may register again (R23).
      const { reason, staff } = leaving;
      const failure = await failureOf(closeAccount({ participantId, reason, staff }));
      if (!failure) return finish('closed', { outcome: 'closed', reason });
      await reportIncident(subject, failure, 'The account stays active; the request to close it was refused.');
      closingFailed = failure;
      leaving = null;
      continue;
    }
    if (rebinding === null) break;
    // R22: the new employer is verified as in R4; points and member number stay either way.
    const rebindId = rebinding;
    const failure = await failureOf(
      verifyContract(rebindId).then((rejection) =>
        rejection === null ? applyRebind({ rebindId }) : rejectRebind({ rebindId, reason: rejection }),
      ),
    );
    if (failure) {
      // The rebind must not stay 'verifying': that would refuse every later change of agency.
      const closed = await failureOf(rejectRebind({ rebindId, reason: 'incident' }));
      await reportIncident(
        subject,
        failure,
        closed
          ? `The participant stays bound to the former agency; the change of agency could not be closed either (${closed.reason}).`
          : 'The participant stays bound to the former agency; the change of agency was closed as rejected.',
      );
    }
    rebinding = null;
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof participantWorkflow>({ ...input, activeSince: { memberNumber: view.memberNumber! }, emails, lastTierChange });

  /**
   * Runs R4 for the registration (or, with `rebindId`, for a new agency, R22) and answers the reason
   * for rejection, or null when the contract is verified.
   */
  async function verifyContract(rebindId?: string): Promise<string | null> {
    const registrySeen = registryChanges; // the registry as this check reads it, or later
    const verdict = await checkContract({ participantId, rebindId });
    if (verdict.outcome !== 'review') return verdict.outcome === 'rejected' ? verdict.reason : null;
    decisionTaken = null;
    decisionRecorded = false;
    resolvingByRegistry = false;
    // The task's id is chosen here, before the task exists: a reviewer who sees the task in the queue
    // can decide at once, with no gap in which the workflow would not know it yet.
    view.reviewTaskId = uuid4();
    if (!rebindId) enter('awaiting_review');
    await openReviewTask({
      taskId: view.reviewTaskId,
      participantId,
      reason: verdict.reason,
      hint: verdict.hint,
      candidates: verdict.candidates,
      rebindId,
    });
    if (await awaitReview(view.reviewTaskId, registrySeen, rebindId)) return null;
    const { decision, reason } = decisionTaken!;
    return decision === 'approve' ? null : (reason ?? 'rejected by review');
  }

  /**
   * Waits for the reviewer's decision on the open task. A7: when the registry learns an agency
   * meanwhile (registryChanged, sent by an approved corporate application), the registry is asked
   * again; if it now verifies the contract, the task is closed as resolved by the registry and no
   * reviewer is needed. A reviewer's decision taken first wins. Anything else the registry says (the
   * agency still unknown, a terminated contract) leaves the task to the reviewer: a person decides
   * what the registry cannot. Answers whether the registry resolved it.
   */
  async function awaitReview(taskId: string, registrySeen: number, rebindId?: string): Promise<boolean> {
    let seen = registrySeen;
    for (;;) {
      await condition(() => decisionRecorded || registryChanges > seen);
      if (decisionRecorded) return false;
      seen = registryChanges;
      if (!patched(REGISTRY_RECHECK) || decisionTaken !== null) continue;
      const again = await attempt(db.checkContract({ participantId, rebindId }));
      if (!again.ok) {
        await reportIncident(subject, again.failure, 'The registry could not be asked again; the review task stays open for a reviewer.');
        continue;
      }
      const verdict = again.value;
      if (verdict.outcome !== 'verified' || decisionTaken !== null) continue;
      resolvingByRegistry = true;
      const failure = await failureOf(db.resolveReviewByRegistry({ taskId, participantId, contractNumber: verdict.contractNumber }));
      if (!failure) return true;
      resolvingByRegistry = false;
      await reportIncident(subject, failure, 'The review task stays open for a reviewer.');
    }
  }

  /**
   * Issue 12: stores the form by the local activity; false when its few attempts failed (the
   * failure arrives as the activity's own, not always wrapped in an ActivityFailure), so that the
   * ordinary activity takes it over; when another participant took the address meanwhile (R1), the
   * registration ends here. Idempotent (an insert keyed by the participant's id): a local attempt
   * that stored it and then timed out changes nothing when the activity stores it again.
   */
  async function storedLocally(form: Parameters<typeof recordRegistration>[0]): Promise<boolean> {
    try {
      await local.recordRegistration(form);
      return true;
    } catch (err) {
      if (!(err instanceof TemporalFailure) || isCancellation(err)) throw err;
      const cause = err instanceof ActivityFailure ? err.cause : err;
      if (cause instanceof ApplicationFailure && cause.type === EMAIL_TAKEN_FAILURE && patched(EMAIL_TAKEN_ENDS_LOCALLY)) {
        const activityId = err instanceof ActivityFailure ? (err.activityId ?? 'local') : 'local';
        return registrationFailed({ step: 'recordRegistration', activityId, failureType: EMAIL_TAKEN_FAILURE, reason: cause.message });
      }
      log.warn('The registration could not be stored by a local activity; the activity takes it over', { reason: err.message });
      return false;
    }
  }

  async function finish(stage: Stage, outcome: ParticipantOutcome): Promise<ParticipantOutcome> {
    enter(stage);
    await condition(allHandlersFinished);
    return outcome;
  }

  /**
   * The incident path of a step that failed for good. During registration: staff are told, the
   * registration ends as 'failed' (the email may register again, R1) and the workflow ends. Later,
   * for an active participant, the caller decides (a change of agency or a closing that failed).
   */
  async function registrationFailed(failure: StepFailure): Promise<never> {
    if (rebinding !== null || !REGISTERING.includes(view.stage)) throw new StepFailedError(failure);
    if (failure.failureType === EMAIL_TAKEN_FAILURE) {
      // R1: the address was taken between the API's check and this store (an email change completed, say).
      // The API refused this registration (409) and nothing of it was stored: nothing for staff to do.
      log.info('The registration ended: another participant holds its address', { reason: failure.reason });
      throw new RegistrationEnded(await finish('failed', { outcome: 'email_taken' }));
    }
    const unmarked = await failureOf(failRegistration({ participantId, reason: `${failure.step}: ${failure.reason}` }));
    await reportIncident(
      subject,
      failure,
      unmarked
        ? `The registration ended, but could not be marked failed (${unmarked.reason}): it may still hold the email.`
        : 'The registration ended as failed; the email may register again.',
    );
    throw new RegistrationEnded(await finish('failed', { outcome: 'failed', reason: failure.reason }));
  }

  /** A message whose step failed for good: staff are told, and the sender gets a refusal. */
  async function refuse(failure: StepFailure, consequence: string): Promise<ApplicationFailure> {
    await reportIncident(subject, failure, consequence);
    return stepRefusal(failure, consequence);
  }

  /** A mail after the outcome: if it fails for good staff are told, and the workflow goes on. */
  async function orReport(step: Promise<unknown>, consequence: string): Promise<void> {
    const failure = await failureOf(step);
    if (failure) await reportIncident(subject, failure, `No mail was sent. ${consequence}`);
  }
}
