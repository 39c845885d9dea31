/**
 * How long each kind of activity may take and how it is retried, named once and used by every
 * workflow (`proxyActivities<Activities>(databaseStep)`).
 *
 * Every retry is bounded by a schedule-to-close timeout: a failure retrying cannot fix is made
 * non-retryable where the activity is registered (activities/failure-classification.ts) and reaches the
 * workflow at once; what stays retryable (a database or mail server that is down) is retried for a
 * day, long enough for an outage to be mended, and then reaches the workflow too, which raises an
 * incident for staff (workflows/incidents.ts). The one exception is `incidentReport` below.
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** A transaction or query on PostgreSQL: seconds at most; retried while the database is away. */
export const databaseStep = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const satisfies ActivityOptions;

/**
 * A short transaction that a request's answer waits on, run as a local activity: inside the workflow
 * task that took the request, with no activity task to dispatch and no second workflow task to
 * report it, so the request is accepted and answered by one workflow task. Its retries are few and
 * short (the workflow task stays open meanwhile): whatever it could not do within them is handed to
 * the same activity under `databaseStep`, which retries for a day like every other database step.
 * The step must therefore be idempotent (a retried or handed-over attempt changes nothing twice).
 */
export const localDatabaseStep = {
  startToCloseTimeout: '3 seconds',
  scheduleToCloseTimeout: '6 seconds',
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '1 second', maximumAttempts: 3 },
} as const satisfies LocalActivityOptions;

/** Records and sends one mail over SMTP: a relay may be slow or away for a while, so it backs off further. */
export const mailStep = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} as const satisfies ActivityOptions;

/**
 * A long batch (a crediting batch of CREDIT_BATCH_SIZE ledger rows, the expiry of every due lot, the
 * expiry notices) that heartbeats as it goes: a worker's death is noticed within the heartbeat
 * timeout rather than at the end of the start-to-close timeout.
 */
export const longBatch = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const satisfies ActivityOptions;

/**
 * Raising an incident is how every other failure reaches staff, so it is the one activity retried
 * without a bound: it is a single idempotent INSERT whose text the activity cleans first (nothing in
 * it can be refused by the database), so only an outage stops it, and when that ends it must land.
 */
export const incidentReport = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} as const satisfies ActivityOptions;
