import { z } from 'zod';
import { termDefinitions, termKeys, type TermDefinition, type TermKey } from '../rules/terms.js';
import { DEFAULT_TIER_TERMS, TierTerms, periodSpecProblem } from '../rules/tiers.js';

/**
 * The whole runtime configuration, read once from the environment and validated at start-up.
 * Every value the program rules mark *(config)* lives here under `program`, never as a literal.
 * Durations are milliseconds.
 */
const duration = z.coerce.number().int().positive();

/**
 * The program's terms: every value the rules mark *(config)*, one entry each in rules/terms.ts. The
 * environment gives their defaults, checked here only to be whole and (durations) positive, so that
 * tests can run a rule with a short wait; admins version them within their ranges (R27, db/terms.ts).
 */
export const programSchema = z
  .object(
    Object.fromEntries(
      termKeys.map((key) => {
        const term: TermDefinition = termDefinitions[key];
        const base = z.coerce.number().int();
        const checked = (term.kind === 'duration' ? base.positive() : base.min(0)).max(term.max);
        return [key, checked.default(term.default).describe(`${term.env} (${term.rule}): ${term.description}`)];
      }),
    ) as { [K in TermKey]: z.ZodDefault<z.ZodCoercedNumber<unknown>> },
  )
  .extend({
    // A1: the one structured term, JSON in the environment (rules/tiers.ts holds its schema and defaults).
    tiers: z
      .preprocess(jsonText, TierTerms)
      .default(DEFAULT_TIER_TERMS)
      .describe('TIER_TERMS (A1): the status tiers, their thresholds, bonus and qualifying sources, as JSON'),
  });

/** A JSON document given as text (an environment variable), parsed; text that is not JSON stays text and fails its schema. */
function jsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * A1: the qualification period, configuration rather than a term: a tier reached is promised until
 * the end of the next period, so the periods cannot move under running promises (docs/processes.md).
 */
const tierPeriodSchema = z
  .object({
    start: z
      .string()
      .default('2025-01-01T00:00:00+03:00')
      .describe(
        "TIER_PERIOD_START (A1): a qualification period's first instant, with its UTC offset; calendar months are counted in that offset",
      ),
    months: z.coerce
      .number()
      .int()
      .default(12)
      .describe('TIER_PERIOD_MONTHS (A1): calendar months per qualification period (1, 2, 3, 4, 6 or 12)'),
    ms: z.coerce
      .number()
      .int()
      .optional()
      .describe('TIER_PERIOD_MS (A1): instead of months, a period of this many milliseconds (tests, demonstrations)'),
  })
  .transform(({ start, months, ms }) => ({ start, months: ms === undefined ? months : null, ms: ms ?? null }))
  .superRefine((spec, ctx) => {
    const problem = periodSpecProblem(spec);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const schema = z.object({
  databaseUrl: z.string().min(1).describe('DATABASE_URL: PostgreSQL connection string'),
  databasePoolSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe(
      "DATABASE_POOL_SIZE: connections each API or worker process may open (docs/production.md: the sum over the processes must stay under PostgreSQL's max_connections)",
    ),
  workerHttpHost: z
    .string()
    .default('127.0.0.1')
    .describe("WORKER_HTTP_HOST: interface of the worker's health and metrics port (0.0.0.0 in containers)"),
  workerHttpPort: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(0)
    .describe("WORKER_HTTP_PORT: the worker's health and metrics port (/health/live, /health/ready, /metrics); 0: none"),
  metricsToken: z
    .string()
    .min(16)
    .optional()
    .describe('METRICS_TOKEN: when set, /metrics (API and worker) answers only requests with Authorization: Bearer <token>'),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('LOG_LEVEL: the lowest level of the JSON log lines written to stdout'),
  temporalAddress: z.string().default('127.0.0.1:7233').describe('TEMPORAL_ADDRESS: host:port of the Temporal frontend'),
  temporalNamespace: z.string().default('default').describe('TEMPORAL_NAMESPACE'),
  temporalUiUrl: z.string().default('http://127.0.0.1:8233').describe('TEMPORAL_UI_URL: where the console links workflows'),
  taskQueue: z.string().default('bonus-program').describe('TEMPORAL_TASK_QUEUE'),
  apiHost: z.string().default('127.0.0.1').describe('API_HOST: interface to listen on (0.0.0.0 in containers)'),
  apiPort: z.coerce.number().int().min(0).default(3000).describe('API_PORT (0 picks a free port)'),
  publicUrl: z.string().default('http://127.0.0.1:3000').describe('PUBLIC_URL: base of links sent by email'),
  smtpUrl: z.string().default('smtp://127.0.0.1:2525').describe('SMTP_URL'),
  mailFrom: z.string().default('Бонусная программа <bonus@example.org>').describe('MAIL_FROM'),
  smsRelayUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional()
    .describe('SMS_RELAY_URL (A6): an HTTP SMS relay (POST JSON {to, text}); set, sign-in codes go by SMS to participants with a phone'),
  tokenSecret: z.string().min(16).describe('TOKEN_SECRET: HMAC secret for one-time links'),
  staffSessionTtlMs: duration.default(8 * 3600_000).describe('STAFF_SESSION_TTL_MS'),
  staffAdminTotpRequired: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('STAFF_ADMIN_TOTP_REQUIRED: admin accounts must have a second factor (TOTP) until an admin changes it in the console'),
  participantSessionTtlMs: duration.default(7 * 24 * 3600_000).describe('PARTICIPANT_SESSION_TTL_MS (A6): participant session lifetime'),
  maxParticipantSessions: z.coerce
    .number()
    .int()
    .min(1)
    .default(3)
    .describe('MAX_PARTICIPANT_SESSIONS (R14): live sessions per participant; a new one revokes the oldest'),
  signInCodeTtlMs: duration.default(10 * 60_000).describe('SIGN_IN_CODE_TTL_MS (A6): how long the mailed sign-in code is valid'),
  signInCodeAttempts: z.coerce.number().int().min(1).default(3).describe('SIGN_IN_CODE_ATTEMPTS (A6): wrong codes before a code is void'),
  passwordResetTtlMs: duration.default(3600_000).describe('PASSWORD_RESET_TTL_MS (R25): how long a reset link is valid'),
  authFailureLimit: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('AUTH_FAILURE_LIMIT: wrong passwords or codes per account (and reset requests per email) per window'),
  authIpLimit: z.coerce
    .number()
    .int()
    .min(1)
    .default(50)
    .describe('AUTH_IP_LIMIT: failed sign-in steps (and reset requests) per IP address per window'),
  authWindowMs: duration.default(15 * 60_000).describe('AUTH_WINDOW_MS: the rate-limit window of AUTH_FAILURE_LIMIT and AUTH_IP_LIMIT'),
  maxUploadBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024)
    .describe('MAX_UPLOAD_BYTES'),
  fourEyesAdjustmentLimit: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(1000)
    .describe(
      'FOUR_EYES_ADJUSTMENT_LIMIT: a manual adjustment of more points than this (either sign) waits for a second staff member to approve it',
    ),
  program: programSchema,
  tierPeriod: tierPeriodSchema,
  apiWorkflowWaitMs: duration
    .default(10_000)
    .describe(
      'API_WORKFLOW_WAIT_MS: the longest an HTTP request waits on a workflow; then 202 with where to look, or 503 try_again if nothing was taken',
    ),
  apiRetryAfterMs: duration
    .default(5_000)
    .describe('API_RETRY_AFTER_MS: the Retry-After of a 503 (database or workflow service away) and of a 202'),
  databaseConnectTimeoutMs: duration
    .default(5_000)
    .describe('DATABASE_CONNECT_TIMEOUT_MS: how long a query waits for a database connection; also bounds the readiness checks'),
  shutdownGraceMs: duration
    .default(30_000)
    .describe('SHUTDOWN_GRACE_MS: on SIGTERM, how long the API drains its requests and the worker lets running activities finish'),
  creditBatchSize: z.coerce.number().int().min(1).max(10_000).default(1000).describe('CREDIT_BATCH_SIZE'),
  creditParallelBatches: z.coerce
    .number()
    .int()
    .min(1)
    .max(16)
    .default(2)
    .describe(
      'CREDIT_PARALLEL_BATCHES: batches a crediting run or an expiry sweep writes at once (each its own transaction over its own participants)',
    ),
  workerMaxCachedWorkflows: z.coerce
    .number()
    .int()
    .min(2)
    .max(1_000_000)
    .default(250)
    .describe(
      "WORKER_MAX_CACHED_WORKFLOWS: workflows a worker keeps in memory between their tasks (the SDK's sticky cache); past it the least recently used is evicted and replayed from its history at its next task. Bounds the worker's memory (docs/benchmarks.md, Footprint)",
    ),
  workerWorkflowHeapMb: z.coerce
    .number()
    .int()
    .min(64)
    .max(16_384)
    .default(128)
    .describe(
      "WORKER_WORKFLOW_HEAP_MB: the V8 heap limit of the worker's workflow thread, where the SDK runs every workflow (its old generation, in MB). Without one the thread takes the machine's default (about 4 GB) and collects evicted workflows late: the worker's memory then grows with the workflows it has taken, not with its cache (docs/benchmarks.md, Footprint)",
    ),
  workerMaxConcurrentWorkflowTasks: z.coerce
    .number()
    .int()
    .min(2)
    .max(10_000)
    .default(8)
    .describe(
      "WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: workflow tasks a worker runs at once (the SDK's maxConcurrentWorkflowTaskExecutions); a task that stores a registration by a local activity holds its slot meanwhile. The workflows run on one thread: more slots than a few overlapping local activities need only take the processor from the Temporal server during a burst (docs/benchmarks.md, Registrations)",
    ),
  workerWorkflowTaskPollers: z.coerce
    .number()
    .int()
    .min(2)
    .max(1000)
    .default(8)
    .describe(
      "WORKER_WORKFLOW_TASK_POLLERS: workflow task polls a worker keeps open at once (the SDK's maxConcurrentWorkflowTaskPolls); no more than WORKER_MAX_CONCURRENT_WORKFLOW_TASKS are used",
    ),
  workerNonStickyPollRatio: z.coerce
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .describe(
      "WORKER_NON_STICKY_POLL_RATIO: the share of those polls on the task queue itself, where a new workflow's first task (a registration's) waits; the rest poll the worker's own (sticky) queue for the tasks of workflows it holds",
    ),
  expiryRecheckMs: duration.default(3600_000).describe('EXPIRY_RECHECK_MS: longest sleep of the lot-expiry workflow'),
});

export type Config = z.infer<typeof schema>;
export type ProgramConfig = Config['program'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse({
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE || undefined,
    workerHttpHost: env.WORKER_HTTP_HOST || undefined,
    workerHttpPort: env.WORKER_HTTP_PORT || undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    logLevel: env.LOG_LEVEL || undefined,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || undefined,
    temporalUiUrl: env.TEMPORAL_UI_URL || undefined,
    taskQueue: env.TEMPORAL_TASK_QUEUE || undefined,
    apiHost: env.API_HOST || undefined,
    apiPort: env.API_PORT || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || undefined,
    smsRelayUrl: env.SMS_RELAY_URL || undefined,
    tokenSecret: env.TOKEN_SECRET,
    staffSessionTtlMs: env.STAFF_SESSION_TTL_MS || undefined,
    staffAdminTotpRequired: env.STAFF_ADMIN_TOTP_REQUIRED || undefined,
    participantSessionTtlMs: env.PARTICIPANT_SESSION_TTL_MS || undefined,
    maxParticipantSessions: env.MAX_PARTICIPANT_SESSIONS || undefined,
    signInCodeTtlMs: env.SIGN_IN_CODE_TTL_MS || undefined,
    signInCodeAttempts: env.SIGN_IN_CODE_ATTEMPTS || undefined,
    passwordResetTtlMs: env.PASSWORD_RESET_TTL_MS || undefined,
    authFailureLimit: env.AUTH_FAILURE_LIMIT || undefined,
    authIpLimit: env.AUTH_IP_LIMIT || undefined,
    authWindowMs: env.AUTH_WINDOW_MS || undefined,
    maxUploadBytes: env.MAX_UPLOAD_BYTES || undefined,
    fourEyesAdjustmentLimit: env.FOUR_EYES_ADJUSTMENT_LIMIT || undefined,
    program: {
      ...Object.fromEntries(termKeys.map((key) => [key, env[termDefinitions[key].env] || undefined])),
      tiers: env.TIER_TERMS || undefined,
    },
    tierPeriod: {
      start: env.TIER_PERIOD_START || undefined,
      months: env.TIER_PERIOD_MONTHS || undefined,
      ms: env.TIER_PERIOD_MS || undefined,
    },
    apiWorkflowWaitMs: env.API_WORKFLOW_WAIT_MS || undefined,
    apiRetryAfterMs: env.API_RETRY_AFTER_MS || undefined,
    databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS || undefined,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS || undefined,
    creditBatchSize: env.CREDIT_BATCH_SIZE || undefined,
    creditParallelBatches: env.CREDIT_PARALLEL_BATCHES || undefined,
    workerMaxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS || undefined,
    workerWorkflowHeapMb: env.WORKER_WORKFLOW_HEAP_MB || undefined,
    workerMaxConcurrentWorkflowTasks: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS || undefined,
    workerWorkflowTaskPollers: env.WORKER_WORKFLOW_TASK_POLLERS || undefined,
    workerNonStickyPollRatio: env.WORKER_NON_STICKY_POLL_RATIO || undefined,
    expiryRecheckMs: env.EXPIRY_RECHECK_MS || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
