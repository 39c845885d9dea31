/**
 * What the client API answers a partner (A2), in camelCase, as api/client-answers.ts does for the
 * other clients: one zod schema per answer (the OpenAPI document's) and the view that maps a row to it.
 */
import { z } from 'zod';
import type { Accrual } from '../db/partners.js';
import { EarningRule, REFUSAL_REASONS, roublesText } from '../rules/partners.js';
import type { AccrualBrief, Refusal, Taken } from './partners.js';

const instant = z.iso.datetime({ offset: true });
const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

const ACCRUAL_STATUSES = ['pending', 'credited', 'cancelled', 'reversed', 'void'] as const;
const status = z.enum(ACCRUAL_STATUSES).meta({
  description:
    '`pending` until `dueAt` (the partner may cancel it), then `credited` (a lot of its points), or `void` (the participant was no longer active); `cancelled`, `reversed` by the partner',
});

export const PartnerAccrual = z
  .object({
    transactionId: z.string(),
    memberNumber: z.number().int().nullable(),
    date: z.string().meta({ description: 'As posted: a calendar day, or an instant' }),
    amount: z.string().nullable().meta({ description: 'Roubles, two decimals' }),
    kind: z.string().nullable(),
    points: z.number().int(),
    status,
    source: z.enum(['api', 'claim']).meta({ description: '`claim`: credited by a claim of the participant that staff approved (A4)' }),
    postedAt: instant,
    dueAt: instant.meta({ description: 'When the pending period ends and it is credited' }),
    creditedAt: instant.nullable(),
    cancelledAt: instant.nullable(),
    reversedAt: instant.nullable(),
    reversedPoints: z.number().int().nullable().meta({ description: 'What the reversal took back: what the lot still held' }),
    endReason: z.string().nullable(),
  })
  .meta({
    id: 'PartnerAccrual',
    example: {
      transactionId: 'H-2026-000123',
      memberNumber: 100042,
      date: '2026-11-20',
      amount: '12500.00',
      kind: null,
      points: 250,
      status: 'pending',
      source: 'api',
      postedAt: '2026-11-21T09:00:00.000Z',
      dueAt: '2026-12-05T09:00:00.000Z',
      creditedAt: null,
      cancelledAt: null,
      reversedAt: null,
      reversedPoints: null,
      endReason: null,
    },
  });

export const accrualView = (a: Accrual): z.input<typeof PartnerAccrual> => ({
  transactionId: a.transaction_id,
  memberNumber: a.member_number,
  date: a.date_only ? a.transaction_at.toISOString().slice(0, 10) : a.transaction_at.toISOString(),
  amount: a.amount_kopecks === null ? null : roublesText(a.amount_kopecks),
  kind: a.kind,
  points: a.points,
  status: a.status,
  source: a.source,
  postedAt: a.posted_at.toISOString(),
  dueAt: a.due_at.toISOString(),
  creditedAt: iso(a.credited_at),
  cancelledAt: iso(a.cancelled_at),
  reversedAt: iso(a.reversed_at),
  reversedPoints: a.reversed_points,
  endReason: a.end_reason,
});

const TakenAccrual = z
  .object({
    index: z.number().int().meta({ description: "The row's place in the call, from 0" }),
    transactionId: z.string(),
    memberNumber: z.number().int().nullable(),
    points: z.number().int(),
    status,
    dueAt: instant,
    replayed: z.boolean().meta({ description: 'Posted before: this is the accrual that post made; nothing changed' }),
  })
  .meta({ id: 'PartnerTakenAccrual' });

const RowRefusal = z
  .object({
    index: z.number().int().meta({ description: "The row's place in the call, from 0" }),
    transactionId: z.string().nullable(),
    reason: z.enum(REFUSAL_REASONS).meta({
      description:
        '`invalid` (a field is malformed: `field`, `message`), `transaction_repeated` (earlier in this call), `participant_unknown`, ' +
        '`date_before_registration` (R8), `date_in_future`, `amount_required`, `kind_required`, `kind_unknown`, `earns_nothing`',
    }),
    field: z.string(),
    message: z.string(),
  })
  .meta({ id: 'PartnerRowRefusal' });

export const PartnerBulkAnswer = z
  .object({
    accepted: z.number().int().meta({ description: 'New accruals, pending' }),
    replayed: z.number().int().meta({ description: 'Rows posted before: nothing changed' }),
    refused: z.number().int(),
    accruals: z.array(TakenAccrual).meta({ description: 'The rows taken (new or replayed), by index' }),
    refusals: z.array(RowRefusal).meta({ description: 'The rows refused, by index: nothing of them was written' }),
  })
  .meta({ id: 'PartnerBulkAnswer' });

const briefView = (t: { index: number; replayed: boolean; accrual: AccrualBrief }) => ({
  index: t.index,
  transactionId: t.accrual.transactionId,
  memberNumber: t.accrual.memberNumber,
  points: t.accrual.points,
  status: t.accrual.status,
  dueAt: t.accrual.dueAt.toISOString(),
  replayed: t.replayed,
});

export const bulkView = (r: { taken: Taken[]; refusals: Refusal[] }): z.input<typeof PartnerBulkAnswer> => ({
  accepted: r.taken.filter((t) => !t.replayed).length,
  replayed: r.taken.filter((t) => t.replayed).length,
  refused: r.refusals.length,
  accruals: r.taken.map(briefView),
  refusals: r.refusals,
});

export const PartnerSummary = z
  .object({ id: z.uuid(), name: z.string(), earningRule: EarningRule })
  .meta({ id: 'PartnerSummary', description: 'A2: a partner whose transactions earn points: name it in a claim (A4)' });

export const partnerSummaryView = (p: {
  id: string;
  name: string;
  earning_rule: z.infer<typeof EarningRule>;
}): z.input<typeof PartnerSummary> => ({
  id: p.id,
  name: p.name,
  earningRule: p.earning_rule,
});
