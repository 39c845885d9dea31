/**
 * The program's terms (R27): every value the program rules mark *(config)*, declared once.
 *
 * From this one table come the configuration schema and its environment variables
 * (infra/config.ts), the validation of an admin's change and its OpenAPI schema (db/terms.ts), and
 * the console's form (admin-ui/src/terms/settings.ts). Adding a term is one row here, its use, and
 * its two translations in the console.
 *
 * Pure data: no imports, so the console can bundle it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TermDefinition {
  /** the environment variable that gives the default */
  env: string;
  /** the rule the term comes from */
  rule: string;
  /** a count (points, minutes) or a duration in milliseconds */
  kind: 'count' | 'duration';
  /** how a person enters it in the console */
  unit: 'points' | 'minutes' | 'hours' | 'days' | 'number';
  default: number;
  /**
   * The range an admin may set (R27). Wide enough for every real program, narrow enough that one
   * change cannot stop the program: a payment window of a millisecond would expire every order, a
   * first-order minimum of a billion would refuse every first order. Configuration (the defaults,
   * and the short values tests use) is only checked to be whole and, for durations, positive.
   */
  min: number;
  max: number;
  description: string;
}

export const termDefinitions = {
  confirmationTimeoutMs: {
    env: 'CONFIRMATION_TIMEOUT_MS',
    rule: 'R3',
    kind: 'duration',
    unit: 'hours',
    default: 72 * HOUR,
    min: HOUR,
    max: 30 * DAY,
    description: 'time to confirm the email address',
  },
  welcomePoints: {
    env: 'WELCOME_POINTS',
    rule: 'R7',
    kind: 'count',
    unit: 'points',
    default: 100,
    min: 0,
    max: 100_000,
    description: 'points credited on activation',
  },
  creditingWindowMs: {
    env: 'CREDITING_WINDOW_MS',
    rule: 'R11',
    kind: 'duration',
    unit: 'hours',
    default: 48 * HOUR,
    min: HOUR,
    max: 30 * DAY,
    description: 'how long after a broadcast ends reports are taken; then it credits',
  },
  minLiveMinutes: {
    env: 'MIN_LIVE_MINUTES',
    rule: 'R10',
    kind: 'count',
    unit: 'minutes',
    default: 60,
    min: 1,
    max: 24 * 60,
    description: "live presence that earns a webinar's points",
  },
  claimDeadlineMs: {
    env: 'CLAIM_DEADLINE_MS',
    rule: 'A4',
    kind: 'duration',
    unit: 'days',
    default: 14 * DAY,
    min: DAY,
    max: 365 * DAY,
    description: 'how long a claim waits for a reviewer before it expires',
  },
  lotLifetimeMs: {
    env: 'LOT_LIFETIME_MS',
    rule: 'R20',
    kind: 'duration',
    unit: 'days',
    default: 730 * DAY,
    min: HOUR,
    max: 3650 * DAY,
    description: 'how long accrued points live',
  },
  expiryNoticeMs: {
    env: 'EXPIRY_NOTICE_MS',
    rule: 'R20',
    kind: 'duration',
    unit: 'days',
    default: 30 * DAY,
    min: HOUR,
    max: 365 * DAY,
    description: 'the "N points expire on D" mail goes out this long before',
  },
  firstOrderMinimum: {
    env: 'FIRST_ORDER_MINIMUM',
    rule: 'R16',
    kind: 'count',
    unit: 'points',
    default: 500,
    min: 0,
    max: 100_000,
    description: 'balance needed before the first order',
  },
  donationMinimum: {
    env: 'DONATION_MINIMUM',
    rule: 'A3',
    kind: 'count',
    unit: 'points',
    default: 100,
    min: 1,
    max: 100_000,
    description: 'the fewest points a participant may donate to a charity fund at once',
  },
  paymentWindowMs: {
    env: 'PAYMENT_WINDOW_MS',
    rule: 'A5',
    kind: 'duration',
    unit: 'minutes',
    default: 50 * MINUTE,
    min: 5 * MINUTE,
    max: 7 * DAY,
    description: 'how long an order holds its points waiting for completion',
  },
  affiliationDocumentsTimeoutMs: {
    env: 'AFFILIATION_DOCUMENTS_TIMEOUT_MS',
    rule: 'R17',
    kind: 'duration',
    unit: 'days',
    default: 14 * DAY,
    min: DAY,
    max: 180 * DAY,
    description: 'how long an order waits for the employment documents',
  },
  emailChangeDocumentsTimeoutMs: {
    env: 'EMAIL_CHANGE_DOCUMENTS_TIMEOUT_MS',
    rule: 'R21',
    kind: 'duration',
    unit: 'days',
    default: 30 * DAY,
    min: DAY,
    max: 180 * DAY,
    description: "deadline for an email change's two documents",
  },
  emailChangeReminderMs: {
    env: 'EMAIL_CHANGE_REMINDER_MS',
    rule: 'R21',
    kind: 'duration',
    unit: 'days',
    default: 7 * DAY,
    min: HOUR,
    max: 180 * DAY,
    description: 'reminder when the documents are still missing',
  },
  applicationDocumentsTimeoutMs: {
    env: 'APPLICATION_DOCUMENTS_TIMEOUT_MS',
    rule: 'A7',
    kind: 'duration',
    unit: 'days',
    default: 30 * DAY,
    min: DAY,
    max: 180 * DAY,
    description: "deadline for a corporate application's signed documents",
  },
  applicationReminderMs: {
    env: 'APPLICATION_REMINDER_MS',
    rule: 'A7',
    kind: 'duration',
    unit: 'days',
    default: 7 * DAY,
    min: HOUR,
    max: 180 * DAY,
    description: "reminder to the applicant's contact when documents are still missing",
  },
} as const satisfies Record<string, TermDefinition>;

export type TermKey = keyof typeof termDefinitions;
export type Terms = { [K in TermKey]: number };

export const termKeys = Object.keys(termDefinitions) as TermKey[];

/**
 * Terms that only make sense together, checked on the terms that would be in force after a change:
 * a notice must come before the points expire, a reminder before the deadline.
 */
export const termConstraints: ReadonlyArray<{ key: TermKey; message: string; holds: (t: Terms) => boolean }> = [
  { key: 'expiryNoticeMs', message: 'must be shorter than lotLifetimeMs', holds: (t) => t.expiryNoticeMs < t.lotLifetimeMs },
  {
    key: 'emailChangeReminderMs',
    message: 'must be shorter than emailChangeDocumentsTimeoutMs',
    holds: (t) => t.emailChangeReminderMs < t.emailChangeDocumentsTimeoutMs,
  },
  {
    key: 'applicationReminderMs',
    message: 'must be shorter than applicationDocumentsTimeoutMs',
    holds: (t) => t.applicationReminderMs < t.applicationDocumentsTimeoutMs,
  },
];

/** The first constraint `terms` break, if any. */
export function brokenTermConstraint(terms: Terms): { key: TermKey; message: string } | null {
  const broken = termConstraints.find((c) => !c.holds(terms));
  return broken ? { key: broken.key, message: broken.message } : null;
}
