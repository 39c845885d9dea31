import type { components } from '../../../api/generated/staff-api';

/** A2: the staff API's partner records, as the console reads them (snake_case rows). */
export type EarningRule = { type: 'per_100_roubles'; points: number } | { type: 'per_kind'; kinds: Record<string, number> };

export interface PartnerClient {
  id: string;
  name: string;
  scopes: string[];
  disabled_at: string | null;
  live_keys: number;
  created_at: string;
}

export interface Partner {
  id: string;
  name: string;
  earning_rule: EarningRule;
  qualifies: boolean;
  pending_period_ms: number;
  price_per_point_kopecks: number;
  active: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** show: the API clients bound to it */
  clients?: PartnerClient[];
  /** list: accruals still pending, live clients */
  pending?: number;
}

/** A partner's transaction's points, as the staff API documents them. */
export type PartnerAccrual = components['schemas']['StaffPartnerAccrual'];
export type AccrualStatus = PartnerAccrual['status'];

export interface PartnerStatement {
  partner: { id: string; name: string; price_per_point: string; price_per_point_kopecks: number };
  month: string;
  accruals: PartnerAccrual[];
  reversals: PartnerAccrual[];
  totals: {
    accruals: number;
    accrued_points: number;
    reversals: number;
    reversed_points: number;
    net_points: number;
    owed_kopecks: number;
    owed: string;
  };
}

/** Kopecks as roubles, two decimals. */
export const roubles = (kopecks: number | null | undefined) => (kopecks == null ? '—' : (kopecks / 100).toFixed(2));

/** A transaction's date as the partner gave it: a day, or an instant. */
export const transactionDate = (a: Pick<PartnerAccrual, 'transaction_at' | 'date_only'>) =>
  a.date_only ? a.transaction_at.slice(0, 10) : new Date(a.transaction_at).toLocaleString();
