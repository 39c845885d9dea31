import type { TaskDefinition } from '../shared/decisions';
import type { Claim } from '../types';
import { claimStatuses } from './choices';

/** What is claimed: the event, or the partner's transaction (A2). */
export const claimSubject = (claim: Claim) => claim.event_title ?? `${claim.partner_name ?? ''}: ${claim.partner_reference ?? ''}`;

/** A claim of missing points (A4): open until a reviewer decides or its deadline passes. */
export const claimTask: TaskDefinition<Claim> = {
  resource: 'claims',
  statuses: claimStatuses,
  decidedBy: 'decided_by',
  live: (claim) => claim.status === 'open',
  awaitsDecision: (claim) => claim.status === 'open',
  // An expired claim has a closing instant but no decision.
  outcome: (claim) => (claim.status === 'approved' || claim.status === 'rejected' ? claim.status : null),
  consequences: (claim) => ({
    approve: { message: 'resources.claims.consequences.approve', options: { smart_count: claim.points, event: claimSubject(claim) } },
    reject: { message: 'resources.claims.consequences.reject', options: { event: claimSubject(claim) } },
  }),
  decide: (dataProvider, id, decision) => dataProvider.decideClaim(id, decision),
  decided: (claim) => `resources.claims.notifications.${claim.status}`,
  stale: { code: 'claim_already_decided', message: 'resources.claims.notifications.already_decided' },
};
