/**
 * A participant's ledger as the client API and the participant's account answer it (`Ledger`): the
 * balance, the open lots with what expires next (R20), and the history of entries, newest first —
 * whole, or one page at a time by key (issue 12): `?limit=N` gives the newest N entries and, when
 * there are older ones, a `Link: <…?limit=N&after=ID>; rel="next"` header naming the next page,
 * whose `after` is the id of the page's last entry. A page never repeats nor skips an entry because
 * entries were written meanwhile (offsets would shift).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { balanceOf } from '../db/ledger.js';
import { historyPage, openLots, participantLedger, type HistoryEntry } from '../db/ledger-reads.js';
import type { Db } from '../db/pool.js';
import { ledgerView } from './client-answers.js';

/** The most entries one page holds, and how many a page holds when only `after` is given. */
export const HISTORY_PAGE_MAX = 500;
export const HISTORY_PAGE_DEFAULT = 50;

const whole = (what: string) => z.coerce.number(`must be a number`).int(`must be a whole number`).min(1, `${what} must be at least 1`);

export const LedgerPageQuery = z.object({
  limit: whole('limit')
    .max(HISTORY_PAGE_MAX, `must be at most ${HISTORY_PAGE_MAX}`)
    .optional()
    .meta({
      description: `Entries per page, newest first (at most ${HISTORY_PAGE_MAX}); with \`after\` alone, ${HISTORY_PAGE_DEFAULT}. Without \`limit\` and \`after\`: every entry.`,
      example: 50,
    }),
  after: whole('after').optional().meta({
    description:
      'The id of the last entry of the page before (the `Link` header\'s `rel="next"` names it): the page holds the entries written before that one',
    example: 123456,
  }),
});
export type LedgerPageQuery = z.output<typeof LedgerPageQuery>;

/** The response header of a paged answer, as the route tables document it. */
export const LEDGER_PAGE_HEADERS = {
  Link: 'With `limit` or `after`, when older entries remain: `<…?limit=N&after=ID>; rel="next"`, the next page',
};

/** The participant's ledger as the query asks for it: the stored balance, open lots and history (whole or a page). */
export interface LedgerRead {
  balance: number;
  open: Awaited<ReturnType<typeof openLots>>;
  entries: HistoryEntry[];
  /** the next page's query, when there is one */
  next: { limit: number; after: number } | null;
}

/**
 * Reads the participant's ledger: the stored balance (never summed over the ledger), the open lots
 * and the history, side by side.
 */
export async function readLedger(db: Db, participantId: string, query: LedgerPageQuery): Promise<LedgerRead> {
  const paged = query.limit !== undefined || query.after !== undefined;
  const limit = query.limit ?? HISTORY_PAGE_DEFAULT;
  const [balance, open, history] = await Promise.all([
    balanceOf(db, participantId),
    openLots(db, participantId),
    paged
      ? historyPage(db, participantId, { before: query.after ?? null, limit })
      : participantLedger(db, participantId).then((entries) => ({ entries, nextBefore: null })),
  ]);
  const next = history.nextBefore === null ? null : { limit, after: history.nextBefore };
  return { balance: balance.available, open, entries: history.entries, next };
}

/** Answers a `Ledger`, with the `Link` to the next page when there is one. */
export function sendLedger(read: LedgerRead, req: Request, res: Response): void {
  if (read.next) res.set('Link', `<${req.baseUrl}${req.path}?limit=${read.next.limit}&after=${read.next.after}>; rel="next"`);
  res.json(ledgerView(read.balance, read.open, read.entries));
}
