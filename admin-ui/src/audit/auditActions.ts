/** The audited actions the console knows a name for; others are listed by their code. */
export const auditActions = [
  'staff.sign_in',
  'staff.sign_out',
  'staff.create',
  'api_key.create',
  'api_key.revoke',
  'contracts.import',
  'participant.resend_confirmation',
  'review.approve',
  'review.reject',
  'event.create',
  'report.confirm',
  'report.discard',
  'incident.resolve',
  'claim.open',
  'claim.approve',
  'claim.reject',
].map((id) => ({ id, name: `resources.audit.actions.${id}` }));
