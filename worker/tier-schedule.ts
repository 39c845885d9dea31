/**
 * A1: the `tier-period-end:<task queue>` Schedule, whose next action is the qualification period's
 * end: operators see it (and may trigger or pause it) under Schedules in the Temporal Web UI. The
 * worker creates it at start, or brings an existing one in line with the configured period.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleSpec } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import { parsePeriodStart, type TierPeriodSpec } from '../rules/tiers.js';
import { tierPeriodScheduleId, type TierPeriodEndInput } from '../workflows/messages/tier-period-end.js';
import type { tierPeriodEndWorkflow } from '../workflows/tier-period-end.js';

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/**
 * The Schedule's times: every period's first instant. Calendar periods repeat every year (months
 * divide 12), so one calendar entry names their months, in a fixed-offset zone (`Etc/GMT-3` is
 * UTC+03:00: the sign is POSIX's); a period of milliseconds is an interval from the first start.
 */
export function tierScheduleSpec(period: TierPeriodSpec): ScheduleSpec {
  const s = parsePeriodStart(period.start)!;
  if (period.ms !== null) {
    const first = Date.UTC(s.year, s.month - 1, s.day, s.hour, s.minute, s.second) - s.offsetMinutes * 60_000;
    return { intervals: [{ every: period.ms, offset: ((first % period.ms) + period.ms) % period.ms }] };
  }
  const months = Array.from({ length: 12 / period.months! }, (_, i) => MONTHS[(s.month - 1 + i * period.months!) % 12]);
  const hours = s.offsetMinutes / 60;
  return {
    calendars: [
      { month: months, dayOfMonth: s.day, hour: s.hour, minute: s.minute, second: s.second, comment: 'A1: a qualification period ends' },
    ],
    timezone: hours === 0 ? 'UTC' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`,
  };
}

/** Creates the Schedule, or updates the one there to the configured period (several workers may start at once). */
export async function ensureTierPeriodSchedule(client: Client, config: Config): Promise<void> {
  const scheduleId = tierPeriodScheduleId(config.taskQueue);
  const spec = tierScheduleSpec(config.tierPeriod);
  const input: TierPeriodEndInput = { batchSize: config.creditBatchSize };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'tierPeriodEndWorkflow',
    workflowId: scheduleId,
    taskQueue: config.taskQueue,
    args: [input] as Parameters<typeof tierPeriodEndWorkflow>,
  };
  // A run still going at the next end is followed by one more, at once; a run missed while the
  // server was down is taken when it is back (within a period), and each run catches up on every
  // period end it finds not yet reassessed anyway.
  const policies = {
    overlap: ScheduleOverlapPolicy.BUFFER_ONE,
    catchupWindow: config.tierPeriod.ms === null ? '30 days' : Math.max(60_000, config.tierPeriod.ms),
  };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
  }
}
