import type { LedgerFlow, Queue } from './types';

/** A list's location with its filter, as react-admin reads it from the URL. */
export interface ListLink {
  pathname: string;
  search: string;
}

const listLink = (resource: string, filter: Record<string, unknown>, sort?: [string, 'ASC' | 'DESC']): ListLink => {
  const params = new URLSearchParams({ filter: JSON.stringify(filter) });
  if (sort) {
    params.set('sort', sort[0]);
    params.set('order', sort[1]);
  }
  return { pathname: `/${resource}`, search: `?${params}` };
};

/** The entries a month's flow sums (GET /admin/api/ledger-entries). */
export const flowLink = (flow: LedgerFlow, month: string) => listLink('ledger-entries', { flow, month }, ['created_at', 'DESC']);

/** The credits whose points expire in the month, unless spent first. */
export const expiringLink = (month: string) => listLink('ledger-entries', { expiring: month }, ['created_at', 'ASC']);

/** What waits in a queue, as its menu entry counts it (layout/Menu.tsx), oldest first. */
export const QUEUE_WAITING: Record<Queue, Record<string, string>> = {
  reviews: { status: 'open' },
  claims: { status: 'open' },
  incidents: { status: 'open' },
  orders: { status: 'awaiting_review' },
  'email-changes': { status: 'awaiting_review' },
  applications: { status: 'awaiting_review' },
  'adjustment-requests': { status: 'pending' },
};
export const queueLink = (queue: Queue) => listLink(queue, QUEUE_WAITING[queue], ['created_at', 'ASC']);

/** The participants registered, or activated, on a day (UTC). */
export const enrolmentLink = (what: 'registered' | 'activated', day: string) =>
  listLink('participants', { [`${what}_on`]: day }, [`${what}_at`, 'DESC']);

/** A1: active participants with the tier (null: with none). */
export const tierLink = (tier: string | null) => listLink('participants', { status: 'active', tier: tier ?? 'none' });
