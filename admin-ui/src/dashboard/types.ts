/** `GET /admin/api/stats` (api/routes/admin/dashboard.ts): the dashboard's figures, months and days in UTC. */

/** The ledger's flows, each a list of entries (`ledger-entries` filtered by `flow`). */
export type LedgerFlow = 'credited' | 'spent' | 'donated' | 'expired' | 'annulled';

export interface MonthPoints extends Record<LedgerFlow, number> {
  /** YYYY-MM */
  month: string;
}

export interface MonthExpiry {
  month: string;
  points: number;
  participants: number;
}

export type Queue = 'reviews' | 'claims' | 'incidents' | 'orders' | 'email-changes' | 'applications' | 'adjustment-requests';

export interface QueueFigure {
  queue: Queue;
  waiting: number;
  oldest_at: string | null;
  oldest_seconds: number | null;
}

export interface DayEnrolment {
  /** YYYY-MM-DD */
  day: string;
  registered: number;
  activated: number;
}

export interface TierCount {
  /** A1: the tier's code; null: no tier */
  tier: string | null;
  participants: number;
}

export interface DashboardStats {
  generated_at: string;
  flows: LedgerFlow[];
  points: MonthPoints[];
  expiry: MonthExpiry[];
  queues: QueueFigure[];
  enrolment: DayEnrolment[];
  tiers: TierCount[];
}
