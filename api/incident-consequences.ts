/**
 * What a workflow did about a step that failed for good, as a code the console renders in its
 * reader's language (issue 14). The workflows keep writing their English sentence into the
 * incident's details (workflows/incidents.ts: running workflows and saved histories are untouched);
 * the API recognises the sentence at read time and answers its code, with the parameters a
 * person needs. A parenthesised technical reason (an error's text) is no parameter: it stays in the
 * details, shown on request.
 */

export interface IncidentConsequence {
  code: string;
  params: Record<string, string>;
}

/** Any text but a sentence's end: a parenthesised reason quoted by a consequence. */
const QUOTED = String.raw`\(.*\)`;

/**
 * Each consequence a workflow writes (the last sentence of an incident's details), by code. A
 * named group is a parameter. Listed with the workflow that writes it.
 */
const CONSEQUENCES: ReadonlyArray<readonly [code: string, pattern: string]> = [
  // workflows/participant.ts
  ['participant_active_without_mail', String.raw`No mail was sent\. The participant is active all the same\.`],
  ['registration_rejected_without_mail', String.raw`No mail was sent\. The registration is rejected all the same\.`],
  ['registration_awaits_confirmation', String.raw`The registration still waits for its email to be confirmed\.`],
  ['registry_not_asked_again', String.raw`The registry could not be asked again; the review task stays open for a reviewer\.`],
  ['review_stays_open', String.raw`The review task stays open(?: for a reviewer)?\.`],
  ['account_close_refused', String.raw`The account stays active(?:; the request to close it was refused)?\.`],
  [
    'rebinding_closed_rejected',
    String.raw`The participant stays bound to the former agency; the change of agency was closed as rejected\.`,
  ],
  [
    'rebinding_not_closed',
    String.raw`The participant stays bound to the former agency; the change of agency could not be closed either ${QUOTED}\.`,
  ],
  ['registration_failed', String.raw`The registration ended as failed; the email may register again\.`],
  [
    'registration_not_marked_failed',
    String.raw`The registration ended, but could not be marked failed ${QUOTED}: it may still hold the email\.`,
  ],
  // workflows/application.ts
  ['application_awaits_decision', String.raw`The application still waits for a manager's decision\.`],
  ['application_awaits_document', String.raw`The application still waits for this document\.`],
  ['application_no_reminder', String.raw`No reminder was sent; the application still waits for its documents\.`],
  [
    'application_registrations_not_told',
    String.raw`The agency is in the registry, but its waiting registrations were not told: they stay with their reviewers\.`,
  ],
  ['application_contact_not_told', String.raw`The contact person was not told; the decision stands all the same\.`],
  ['application_not_closed', String.raw`The application could not be closed ${QUOTED}: it stays open in the records\.`],
  // workflows/claim.ts
  ['claim_awaits_decision', String.raw`The claim still waits for a reviewer's decision\.`],
  ['claim_not_expired', String.raw`The claim could not be closed as expired: it stays open in the records\.`],
  // workflows/donation.ts
  ['donation_no_receipt', String.raw`No receipt was mailed\. The donation is completed all the same\.`],
  ['donation_cancelled', String.raw`The donation was cancelled and its points went back\.`],
  ['donation_not_cancelled', String.raw`The donation could not be cancelled either ${QUOTED}: its points are still held\.`],
  // workflows/email-change.ts
  ['email_change_awaits_decision', String.raw`The request still waits for a reviewer's decision\.`],
  ['email_change_awaits_document', String.raw`The request still waits for this document\.`],
  ['email_change_no_reminder', String.raw`No reminder was sent; the request still waits for its documents\.`],
  ['email_change_not_closed', String.raw`The request could not be closed ${QUOTED}: it stays open in the records\.`],
  ['email_change_cancelled', String.raw`The request was cancelled; the participant keeps the old address\.`],
  ['email_change_not_cancelled', String.raw`The request could not be cancelled either ${QUOTED}: it stays open in the records\.`],
  // workflows/event-crediting.ts
  ['crediting_preview_not_refreshed', String.raw`The preview was not refreshed; the window stays open\.`],
  ['crediting_stopped', String.raw`Crediting stopped here; what was credited before stays credited, once\.`],
  ['course_report_not_credited', String.raw`Report (?<report>\S+) was not fully credited; the course goes on with later reports\.`],
  // workflows/lot-expiry.ts
  ['lot_expiry_retried', String.raw`Lots due are not expired until it succeeds; it is tried again at the next look\.`],
  // workflows/order.ts
  ['order_awaits_decision', String.raw`The order still waits for a reviewer's decision\.`],
  ['order_cancelled', String.raw`The order was cancelled and its points went back\.`],
  ['order_not_cancelled', String.raw`The order could not be cancelled either ${QUOTED}: its points are still held\.`],
  // workflows/partner-crediting.ts
  [
    'partner_accruals_pending',
    String.raw`The partner's accruals due by then stay pending; the partner's next crediting timer credits them \(or an operator restarts this one\)\.`,
  ],
  // workflows/tier-period-end.ts
  [
    'tier_period_retried',
    String.raw`Participants not reached keep their tier until the next run reassesses them \(the next period end, or a run an operator triggers on the Schedule\)\.`,
  ],
];

/** Anchored at the end of the details: the consequence is their last sentence. */
const MATCHERS = CONSEQUENCES.map(([code, pattern]) => ({ code, regex: new RegExp(`(?:^|\\s)${pattern}$`, 's') }));

/** The consequence of a step_failed incident, from its details; null when none is recognised (or the details were cut). */
export function incidentConsequence(details: string | null | undefined): IncidentConsequence | null {
  if (!details) return null;
  const text = details.trimEnd();
  for (const { code, regex } of MATCHERS) {
    const match = regex.exec(text);
    if (match) return { code, params: { ...match.groups } };
  }
  return null;
}

/** The consequence codes, for the console's messages and their test. */
export const incidentConsequenceCodes: readonly string[] = CONSEQUENCES.map(([code]) => code);

/** Whether `sentence`, a consequence as a workflow writes it, has a code. */
export const hasConsequenceCode = (sentence: string): boolean => incidentConsequence(`x. ${sentence}`) !== null;
