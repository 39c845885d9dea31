/**
 * The incident path's activities: a workflow whose step failed in a way retrying cannot fix tells
 * staff (an incident in the console's list) and leaves nothing that blocks the next attempt.
 */
import { voidConfirmationTokens } from '../db/confirmations.js';
import { raiseStepIncident, storableText } from '../db/incidents.js';
import { markRegistrationFailed } from '../db/participants.js';
import { cancelRegistrationReview } from '../db/reviews.js';
import { inTransaction, type Pool } from '../db/pool.js';
import type { StepIncident } from '../workflows/messages/shared.js';

export interface IncidentDeps {
  pool: Pool;
}

export function incidentActivities({ pool }: IncidentDeps) {
  return {
    /** Raises the incident once per key (workflows retry it without a bound: see workflows/activity-options.ts). */
    async raiseIncident(incident: StepIncident): Promise<{ incidentId: string }> {
      return { incidentId: await raiseStepIncident(pool, incident) };
    },

    /**
     * The registration ends as 'failed', so the email is free to register again (R1); its unused
     * confirmation links stop working and its open review is cancelled. Nothing happens when there is
     * no such pending registration (the failed step was the one that stores it).
     */
    async failRegistration({ participantId, reason }: { participantId: string; reason: string }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        if (!(await markRegistrationFailed(tx, participantId))) return;
        await voidConfirmationTokens(tx, participantId);
        await cancelRegistrationReview(tx, participantId, storableText(reason));
      });
    },
  };
}
