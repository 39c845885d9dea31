/**
 * The process's log: one JSON object per line on stdout (pino), for a log collector to read.
 *
 *   {"level":"info","time":"2026-…","pid":1,"component":"api","requestId":"…","msg":"POST /api/registrations 201", …}
 *
 * `component` says which part wrote the line (api, worker, temporal-sdk, start…); `requestId` ties
 * together what one request caused: the API's line for the request, and the log lines of the
 * workflows and activities it set going (the id travels in Temporal headers: infra/request-id.ts).
 * The level comes from LOG_LEVEL (`configureLogging`, called by the API and the worker at start).
 */
import type { Logger as SdkLogger, LogLevel as SdkLogLevel, LogMetadata } from '@temporalio/common';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { currentRequestId } from './request-id.js';

export type { Logger } from 'pino';

export const logger: Logger = pino({
  level: 'info',
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  // "level":"info" rather than pino's numbers: readable as it is, and what collectors expect.
  formatters: { level: (label) => ({ level: label }) },
  serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  // Whatever runs for a request (in the API, or in an activity it set going) names the request.
  mixin: () => {
    const requestId = currentRequestId();
    return requestId ? { requestId } : {};
  },
});

/** The lowest level written, from LOG_LEVEL. One level per process: the last call sets it. */
export function configureLogging(config: Pick<Config, 'logLevel'>): void {
  logger.level = config.logLevel;
}

/** A logger whose lines name the part of the system that writes them. */
export const componentLogger = (component: string): Logger => logger.child({ component });

/**
 * The Temporal SDK's logger interface over ours, for `Runtime.install({ logger })` (worker/main.ts):
 * the SDK's own lines and those of the workflow and activity loggers (`log` from @temporalio/workflow
 * and @temporalio/activity) become JSON lines with their attributes (workflowId, activityType,
 * requestId…) as fields.
 */
export function temporalSdkLogger(base: Logger = componentLogger('temporal-sdk')): SdkLogger {
  const at =
    (level: SdkLogLevel) =>
    (message: string, meta?: LogMetadata): void => {
      // The task token is an opaque blob of the server's: long, and of no use to a reader.
      const fields = meta ? Object.fromEntries(Object.entries(meta).filter(([key]) => key !== 'taskToken')) : {};
      base[level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error'](fields, message);
    };
  return {
    log: (level, message, meta) => at(level)(message, meta),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}
