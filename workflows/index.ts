// The workflow bundle's entry: every workflow type the worker runs.
export { applicationWorkflow } from './application.js';
export { claimWorkflow } from './claim.js';
export { donationWorkflow } from './donation.js';
export { emailChangeWorkflow } from './email-change.js';
export { eventCreditingWorkflow } from './event-crediting.js';
export { lotExpiryWorkflow } from './lot-expiry.js';
export { orderWorkflow } from './order.js';
export { participantWorkflow } from './participant.js';
export { partnerCreditingWorkflow } from './partner-crediting.js';
export { tierPeriodEndWorkflow } from './tier-period-end.js';
