import { z } from 'zod';

/**
 * The whole runtime configuration, read once from the environment and validated at start-up.
 * Every value the program rules mark *(config)* lives here under `program`, never as a literal.
 * Durations are milliseconds.
 */
const duration = z.coerce.number().int().positive();

/** The program's terms: every value the rules mark *(config)*. Admins version them (R27, db/terms.ts). */
export const programSchema = z.object({
  confirmationTimeoutMs: duration.default(72 * 3600_000).describe('CONFIRMATION_TIMEOUT_MS (R3)'),
  welcomePoints: z.coerce.number().int().min(0).default(100).describe('WELCOME_POINTS (R7)'),
  creditingWindowMs: duration.default(48 * 3600_000).describe('CREDITING_WINDOW_MS (R11)'),
  minLiveMinutes: z.coerce.number().int().min(1).default(60).describe('MIN_LIVE_MINUTES (R10)'),
  claimDeadlineMs: duration.default(14 * 24 * 3600_000).describe('CLAIM_DEADLINE_MS (A4)'),
  lotLifetimeMs: duration.default(730 * 24 * 3600_000).describe('LOT_LIFETIME_MS (R20): how long accrued points live'),
  expiryNoticeMs: duration.default(30 * 24 * 3600_000).describe('EXPIRY_NOTICE_MS (R20): notice sent this long before points expire'),
  firstOrderMinimum: z.coerce.number().int().min(0).default(500).describe('FIRST_ORDER_MINIMUM (R16)'),
  paymentWindowMs: duration.default(50 * 60_000).describe('PAYMENT_WINDOW_MS (A5)'),
  affiliationDocumentsTimeoutMs: duration.default(14 * 24 * 3600_000).describe('AFFILIATION_DOCUMENTS_TIMEOUT_MS (R17)'),
  emailChangeDocumentsTimeoutMs: duration.default(30 * 24 * 3600_000).describe('EMAIL_CHANGE_DOCUMENTS_TIMEOUT_MS (R21): deadline for the two documents'),
  emailChangeReminderMs: duration.default(7 * 24 * 3600_000).describe('EMAIL_CHANGE_REMINDER_MS (R21): reminder when documents are still missing'),
});

const schema = z.object({
  databaseUrl: z.string().min(1).describe('DATABASE_URL: PostgreSQL connection string'),
  temporalAddress: z.string().default('127.0.0.1:7233').describe('TEMPORAL_ADDRESS: host:port of the Temporal frontend'),
  temporalNamespace: z.string().default('default').describe('TEMPORAL_NAMESPACE'),
  temporalUiUrl: z.string().default('http://127.0.0.1:8233').describe('TEMPORAL_UI_URL: where the console links workflows'),
  taskQueue: z.string().default('bonus-program').describe('TEMPORAL_TASK_QUEUE'),
  apiHost: z.string().default('127.0.0.1').describe('API_HOST: interface to listen on (0.0.0.0 in containers)'),
  apiPort: z.coerce.number().int().min(0).default(3000).describe('API_PORT (0 picks a free port)'),
  publicUrl: z.string().default('http://127.0.0.1:3000').describe('PUBLIC_URL: base of links sent by email'),
  smtpUrl: z.string().default('smtp://127.0.0.1:2525').describe('SMTP_URL'),
  mailFrom: z.string().default('Бонусная программа <bonus@example.org>').describe('MAIL_FROM'),
  tokenSecret: z.string().min(16).describe('TOKEN_SECRET: HMAC secret for one-time links'),
  staffSessionTtlMs: duration.default(8 * 3600_000).describe('STAFF_SESSION_TTL_MS'),
  participantSessionTtlMs: duration.default(7 * 24 * 3600_000).describe('PARTICIPANT_SESSION_TTL_MS (A6): participant session lifetime'),
  maxParticipantSessions: z.coerce.number().int().min(1).default(3).describe('MAX_PARTICIPANT_SESSIONS (R14): live sessions per participant; a new one revokes the oldest'),
  signInCodeTtlMs: duration.default(10 * 60_000).describe('SIGN_IN_CODE_TTL_MS (A6): how long the mailed sign-in code is valid'),
  signInCodeAttempts: z.coerce.number().int().min(1).default(3).describe('SIGN_IN_CODE_ATTEMPTS (A6): wrong codes before a code is void'),
  passwordResetTtlMs: duration.default(3600_000).describe('PASSWORD_RESET_TTL_MS (R25): how long a reset link is valid'),
  authFailureLimit: z.coerce.number().int().min(1).default(5).describe('AUTH_FAILURE_LIMIT: wrong passwords or codes per account (and reset requests per email) per window'),
  authIpLimit: z.coerce.number().int().min(1).default(50).describe('AUTH_IP_LIMIT: failed sign-in steps (and reset requests) per IP address per window'),
  authWindowMs: duration.default(15 * 60_000).describe('AUTH_WINDOW_MS: the rate-limit window of AUTH_FAILURE_LIMIT and AUTH_IP_LIMIT'),
  maxUploadBytes: z.coerce.number().int().positive().default(10 * 1024 * 1024).describe('MAX_UPLOAD_BYTES'),
  program: programSchema,
  creditBatchSize: z.coerce.number().int().min(1).max(10_000).default(1000).describe('CREDIT_BATCH_SIZE'),
  expiryRecheckMs: duration.default(3600_000).describe('EXPIRY_RECHECK_MS: longest sleep of the lot-expiry workflow'),
});

export type Config = z.infer<typeof schema>;
export type ProgramConfig = Config['program'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse({
    databaseUrl: env.DATABASE_URL,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || undefined,
    temporalUiUrl: env.TEMPORAL_UI_URL || undefined,
    taskQueue: env.TEMPORAL_TASK_QUEUE || undefined,
    apiHost: env.API_HOST || undefined,
    apiPort: env.API_PORT || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || undefined,
    tokenSecret: env.TOKEN_SECRET,
    staffSessionTtlMs: env.STAFF_SESSION_TTL_MS || undefined,
    participantSessionTtlMs: env.PARTICIPANT_SESSION_TTL_MS || undefined,
    maxParticipantSessions: env.MAX_PARTICIPANT_SESSIONS || undefined,
    signInCodeTtlMs: env.SIGN_IN_CODE_TTL_MS || undefined,
    signInCodeAttempts: env.SIGN_IN_CODE_ATTEMPTS || undefined,
    passwordResetTtlMs: env.PASSWORD_RESET_TTL_MS || undefined,
    authFailureLimit: env.AUTH_FAILURE_LIMIT || undefined,
    authIpLimit: env.AUTH_IP_LIMIT || undefined,
    authWindowMs: env.AUTH_WINDOW_MS || undefined,
    maxUploadBytes: env.MAX_UPLOAD_BYTES || undefined,
    program: {
      confirmationTimeoutMs: env.CONFIRMATION_TIMEOUT_MS || undefined,
      welcomePoints: env.WELCOME_POINTS || undefined,
      creditingWindowMs: env.CREDITING_WINDOW_MS || undefined,
      minLiveMinutes: env.MIN_LIVE_MINUTES || undefined,
      claimDeadlineMs: env.CLAIM_DEADLINE_MS || undefined,
      lotLifetimeMs: env.LOT_LIFETIME_MS || undefined,
      expiryNoticeMs: env.EXPIRY_NOTICE_MS || undefined,
      firstOrderMinimum: env.FIRST_ORDER_MINIMUM || undefined,
      paymentWindowMs: env.PAYMENT_WINDOW_MS || undefined,
      affiliationDocumentsTimeoutMs: env.AFFILIATION_DOCUMENTS_TIMEOUT_MS || undefined,
      emailChangeDocumentsTimeoutMs: env.EMAIL_CHANGE_DOCUMENTS_TIMEOUT_MS || undefined,
      emailChangeReminderMs: env.EMAIL_CHANGE_REMINDER_MS || undefined,
    },
    creditBatchSize: env.CREDIT_BATCH_SIZE || undefined,
    expiryRecheckMs: env.EXPIRY_RECHECK_MS || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
