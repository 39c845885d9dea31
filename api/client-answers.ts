/**
 * What the client API answers, in camelCase: one zod schema per answer (it is the OpenAPI document's
 * schema, api/openapi.ts) and the function that maps a use case's row to it (typed by the schema, so
 * a column missing from the view or a renamed field does not compile). The rows stay as the database
 * names them, snake_case: the staff API hands them to the console as they are, and the client API
 * answers through these views.
 *
 * A view leaves out what is not the client's business: workflow ids, which staff member decided
 * (`decided_by`), who created a row (`created_by`).
 */
import { z } from 'zod';
import { SOURCE_TYPES } from '../db/ledger.js';
import { EVENT_KINDS } from '../rules/events.js';
import { EMAIL_CHANGE_STATUSES } from '../workflows/messages/email-change.js';
import { ORDER_END_REASONS, ORDER_STATUSES } from '../workflows/messages/order.js';

const instant = z.iso.datetime({ offset: true });
/** A timestamp column as the client API answers it: ISO 8601, or null. */
const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();
const isoRequired = (value: Date | string): string => iso(value)!;

type Row = Record<string, any>;

// ---- events and reports (R9–R11) ---------------------------------------------------------------

export const Event = z
  .object({
    id: z.uuid(),
    kind: z.enum(EVENT_KINDS),
    title: z.string(),
    points: z.number().int().meta({ description: 'What attending (or passing, or completing) earns' }),
    startsAt: instant.nullable(),
    endsAt: instant.nullable().meta({ description: "The broadcast's end; null for a course" }),
    passMark: z.number().nullable().meta({ description: 'Marathon webinars: the passing test score' }),
    windowClosesAt: instant.nullable().meta({ description: 'R11: reports are taken until then; null for a course' }),
    minLiveMinutes: z.number().int().meta({ description: 'R10: the live minutes that earn the points' }),
    creditingStatus: z.enum(['scheduled', 'open', 'crediting', 'closed', 'ongoing']).meta({
      description:
        '`scheduled` (before the broadcast ends), `open` (the window takes reports), `crediting`, `closed`; a course is `ongoing`',
    }),
    creditedCount: z.number().int(),
    unmatchedCount: z.number().int().meta({ description: "R13: reported emails that are no participant's" }),
    closedAt: instant.nullable(),
    createdAt: instant,
  })
  .meta({
    id: 'Event',
    example: {
      id: '5b0e8c1e-2f4a-4c37-9a55-0d3f8a1f6c21',
      kind: 'destination_webinar',
      title: 'Турция: новые отели',
      points: 50,
      startsAt: '2026-12-01T10:00:00.000Z',
      endsAt: '2026-12-01T12:00:00.000Z',
      passMark: null,
      windowClosesAt: '2026-12-08T12:00:00.000Z',
      minLiveMinutes: 60,
      creditingStatus: 'scheduled',
      creditedCount: 0,
      unmatchedCount: 0,
      closedAt: null,
      createdAt: '2026-11-20T09:00:00.000Z',
    },
  });

export const eventView = (e: Row): z.input<typeof Event> => ({
  id: e.id,
  kind: e.kind,
  title: e.title,
  points: e.points,
  startsAt: iso(e.starts_at),
  endsAt: iso(e.ends_at),
  passMark: e.pass_mark,
  windowClosesAt: iso(e.window_closes_at),
  minLiveMinutes: e.min_live_minutes,
  creditingStatus: e.crediting_status,
  creditedCount: e.credited_count,
  unmatchedCount: e.unmatched_count,
  closedAt: iso(e.closed_at),
  createdAt: isoRequired(e.created_at),
});

const RowError = z.object({ row: z.number().int(), field: z.string(), message: z.string() });

export const Report = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    eventTitle: z.string(),
    kind: z.enum(['attendance', 'test_results', 'course_completions']),
    source: z.enum(['api', 'upload']),
    format: z.string(),
    filename: z.string().nullable(),
    status: z
      .enum(['preview', 'confirmed', 'superseded', 'discarded'])
      .meta({ description: 'A report sent through the API is `confirmed` at once' }),
    lineCount: z.number().int().meta({ description: "People in the report (a person's rows merged)" }),
    rowCount: z.number().int(),
    errorCount: z.number().int(),
    errors: z.array(RowError),
    createdAt: instant,
    confirmedAt: instant.nullable(),
  })
  .meta({ id: 'Report', description: 'A report of an event; the latest confirmed one of each kind counts (R11).' });

export const reportView = (r: Row): z.input<typeof Report> => ({
  id: r.id,
  eventId: r.event_id,
  eventTitle: r.event_title,
  kind: r.kind,
  source: r.source,
  format: r.format,
  filename: r.filename,
  status: r.status,
  lineCount: r.line_count,
  rowCount: r.row_count,
  errorCount: r.error_count,
  errors: (r.errors ?? []).map((e: Row) => ({ row: e.row, field: e.field, message: e.message })),
  createdAt: isoRequired(r.created_at),
  confirmedAt: iso(r.confirmed_at),
});

// ---- claims (A4) -------------------------------------------------------------------------------

export const Claim = z
  .object({
    id: z.uuid(),
    participantId: z.uuid(),
    participantName: z.string(),
    email: z.string(),
    kind: z.enum(['event', 'partner']).meta({ description: "What is claimed: an event's points, or a partner's transaction (A2)" }),
    eventId: z.uuid().nullable(),
    eventTitle: z.string().nullable(),
    eventKind: z.enum(EVENT_KINDS).nullable(),
    partnerId: z.uuid().nullable(),
    partnerName: z.string().nullable(),
    partnerReference: z.string().nullable().meta({ description: "A2: the transaction's reference as the participant gave it" }),
    points: z.number().int(),
    statement: z.string(),
    status: z.enum(['open', 'approved', 'rejected', 'expired']),
    deadlineAt: instant.meta({ description: 'A reviewer decides before then, or the claim expires' }),
    decisionReason: z.string().nullable(),
    decidedAt: instant.nullable(),
    createdAt: instant,
  })
  .meta({ id: 'Claim' });

export const claimView = (c: Row): z.input<typeof Claim> => ({
  id: c.id,
  participantId: c.participant_id,
  participantName: c.participant_name,
  email: c.email,
  kind: c.kind ?? 'event',
  eventId: c.event_id,
  eventTitle: c.event_title,
  eventKind: c.event_kind,
  partnerId: c.partner_id ?? null,
  partnerName: c.partner_name ?? null,
  partnerReference: c.partner_reference ?? null,
  points: c.points,
  statement: c.statement,
  status: c.status,
  deadlineAt: isoRequired(c.deadline_at),
  decisionReason: c.decision_reason,
  decidedAt: iso(c.decided_at),
  createdAt: isoRequired(c.created_at),
});

// ---- the shop (R15–R17, A5) ----------------------------------------------------------------------

export const CatalogItem = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    title: z.string(),
    description: z.string(),
    pricePoints: z.number().int(),
    stock: z.number().int(),
    inStock: z.boolean(),
  })
  .meta({
    id: 'CatalogItem',
    example: {
      id: '0f4a6a52-8d0e-4a8e-9a0c-5e7e1c2b3d4f',
      sku: 'MUG-001',
      title: 'Кружка с логотипом',
      description: '350 мл',
      pricePoints: 300,
      stock: 50,
      inStock: true,
    },
  });

export const catalogItemView = (i: Row): z.input<typeof CatalogItem> => ({
  id: i.id,
  sku: i.sku,
  title: i.title,
  description: i.description,
  pricePoints: i.price_points,
  stock: i.stock,
  inStock: i.in_stock,
});

const OrderDocument = z.object({
  id: z.uuid(),
  kind: z.string().meta({ description: '`affiliation_proof`' }),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
});

export const Order = z
  .object({
    id: z.uuid(),
    participantId: z.uuid(),
    participantEmail: z.string(),
    participantName: z.string(),
    itemId: z.uuid(),
    sku: z.string(),
    itemTitle: z.string(),
    quantity: z.number().int(),
    unitPoints: z.number().int(),
    totalPoints: z.number().int(),
    status: z.enum(ORDER_STATUSES),
    affiliationCheck: z.boolean().meta({ description: 'R17: the order waits for documents and a reviewer before it can be completed' }),
    documentsDeadlineAt: instant.nullable(),
    documentsReceivedAt: instant.nullable(),
    paymentDeadlineAt: instant.nullable().meta({ description: 'A5: complete the order before then, or the points come back' }),
    decision: z.enum(['approved', 'rejected']).nullable().meta({ description: "R17: the reviewer's decision on the affiliation check" }),
    decisionReason: z.string().nullable(),
    decidedAt: instant.nullable(),
    endReason: z
      .string()
      .nullable()
      .meta({ description: ORDER_END_REASONS.join(', ') }),
    endedAt: instant.nullable(),
    completedAt: instant.nullable(),
    holdId: z.uuid().meta({ description: "The hold on the order's points" }),
    holdStatus: z.enum(['held', 'captured', 'released']),
    createdAt: instant,
    updatedAt: instant,
    documents: z.array(OrderDocument).optional().meta({ description: 'R17: the affiliation documents uploaded' }),
  })
  .meta({ id: 'Order' });

export const orderView = (o: Row): z.input<typeof Order> => ({
  id: o.id,
  participantId: o.participant_id,
  participantEmail: o.participant_email,
  participantName: o.participant_name,
  itemId: o.item_id,
  sku: o.sku,
  itemTitle: o.item_title,
  quantity: o.quantity,
  unitPoints: o.unit_points,
  totalPoints: o.total_points,
  status: o.status,
  affiliationCheck: o.affiliation_check,
  documentsDeadlineAt: iso(o.documents_deadline_at),
  documentsReceivedAt: iso(o.documents_received_at),
  paymentDeadlineAt: iso(o.payment_deadline_at),
  decision: o.decision,
  decisionReason: o.decision_reason,
  decidedAt: iso(o.decided_at),
  endReason: o.end_reason,
  endedAt: iso(o.ended_at),
  completedAt: iso(o.completed_at),
  holdId: o.hold_id,
  holdStatus: o.hold_status,
  createdAt: isoRequired(o.created_at),
  updatedAt: isoRequired(o.updated_at),
  ...(o.documents && {
    documents: o.documents.map((d: Row) => ({
      id: d.id,
      kind: d.kind,
      filename: d.filename,
      contentType: d.content_type,
      sizeBytes: d.size_bytes,
    })),
  }),
});

// ---- the ledger (R20) -----------------------------------------------------------------------------

const sourceType = z.enum(SOURCE_TYPES).meta({ description: 'Where the points came from, or went' });

export const NextExpiry = z
  .object({ at: instant, points: z.number().int() })
  .nullable()
  .meta({ id: 'NextExpiry', description: 'R20: the points that expire next, and when; null when none will' });

export const Lot = z
  .object({
    id: z.number().int(),
    amount: z.number().int(),
    remaining: z.number().int(),
    accruedAt: instant,
    expiresAt: instant,
    sourceType,
    sourceTitle: z
      .string()
      .nullable()
      .meta({ description: "The event's title, for points an event earned; the partner's name, for a partner's (A2)" }),
  })
  .meta({ id: 'Lot', description: 'R20: points credited together, spent oldest first, expiring together.' });

export const LedgerEntry = z
  .object({
    id: z.number().int(),
    kind: z.enum(['credit', 'spend', 'expire', 'annul']),
    amount: z.number().int().meta({ description: 'Positive for a credit, negative otherwise' }),
    sourceType,
    sourceId: z.string(),
    sourceTitle: z.string().nullable(),
    claimId: z.uuid().nullable().meta({ description: 'A4: the claim whose approval credited these points' }),
    reason: z.string().nullable(),
    createdAt: instant,
    expiresAt: instant.nullable().meta({ description: "A credit's lot: when its points expire" }),
    remaining: z.number().int().nullable().meta({ description: "A credit's lot: what is left of it" }),
  })
  .meta({ id: 'LedgerEntry' });

export const Ledger = z
  .object({
    balance: z.number().int(),
    nextExpiry: NextExpiry,
    lots: z.array(Lot).meta({ description: 'The lots with points left, oldest first' }),
    entries: z.array(LedgerEntry).meta({ description: 'Every entry, newest first' }),
  })
  .meta({ id: 'Ledger', description: 'A balance explained: the open lots with their expiry (R20), and every entry with its source.' });

export const nextExpiryView = (n: { at: Date; points: number } | null): z.input<typeof NextExpiry> =>
  n && { at: isoRequired(n.at), points: n.points };

export const ledgerView = (
  balance: number,
  open: { lots: Row[]; nextExpiry: { at: Date; points: number } | null },
  entries: Row[],
): z.input<typeof Ledger> => ({
  balance,
  nextExpiry: nextExpiryView(open.nextExpiry),
  lots: open.lots.map((l) => ({
    id: l.id,
    amount: l.amount,
    remaining: l.remaining,
    accruedAt: isoRequired(l.accrued_at),
    expiresAt: isoRequired(l.expires_at),
    sourceType: l.source_type,
    sourceTitle: l.source_title,
  })),
  entries: entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    amount: e.amount,
    sourceType: e.source_type,
    sourceId: e.source_id,
    sourceTitle: e.source_title,
    claimId: e.claim_id,
    reason: e.reason,
    createdAt: isoRequired(e.created_at),
    expiresAt: iso(e.expires_at),
    remaining: e.remaining ?? null,
  })),
});

// ---- the participant's own account (A6, R14) -------------------------------------------------------

export const AttendedEvent = z
  .object({
    id: z.uuid(),
    kind: z.enum(EVENT_KINDS),
    title: z.string(),
    points: z.number().int(),
    startsAt: instant.nullable(),
    endsAt: instant.nullable(),
    liveMinutes: z.number().nullable(),
    score: z.number().nullable(),
    creditedAt: instant,
  })
  .meta({ id: 'AttendedEvent' });

export const attendedEventView = (e: Row): z.input<typeof AttendedEvent> => ({
  id: e.id,
  kind: e.kind,
  title: e.title,
  points: e.points,
  startsAt: iso(e.starts_at),
  endsAt: iso(e.ends_at),
  liveMinutes: e.live_minutes,
  score: e.score,
  creditedAt: isoRequired(e.credited_at),
});

export const OpenRequests = z
  .object({
    claims: z.array(
      z.object({
        id: z.uuid(),
        eventId: z.uuid(),
        eventTitle: z.string(),
        status: z.string(),
        statement: z.string(),
        deadlineAt: instant,
        createdAt: instant,
      }),
    ),
    orders: z.array(
      z.object({
        id: z.uuid(),
        sku: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        totalPoints: z.number().int(),
        status: z.enum(ORDER_STATUSES),
        affiliationCheck: z.boolean(),
        documentsDeadlineAt: instant.nullable(),
        documentsReceivedAt: instant.nullable(),
        paymentDeadlineAt: instant.nullable(),
        createdAt: instant,
      }),
    ),
    emailChanges: z.array(
      z.object({
        id: z.uuid(),
        newEmail: z.string(),
        status: z.enum(EMAIL_CHANGE_STATUSES),
        documentsDueAt: instant.nullable(),
        letterReceived: z.boolean(),
        employmentRecordReceived: z.boolean(),
        createdAt: instant,
      }),
    ),
  })
  .meta({ id: 'OpenRequests', description: 'What the participant waits for: open claims (A4), orders (A5, R17) and email changes (R21).' });

export const openRequestsView = (r: { claims: Row[]; orders: Row[]; emailChanges: Row[] }): z.input<typeof OpenRequests> => ({
  claims: r.claims.map((c) => ({
    id: c.id,
    eventId: c.event_id,
    eventTitle: c.event_title,
    status: c.status,
    statement: c.statement,
    deadlineAt: isoRequired(c.deadline_at),
    createdAt: isoRequired(c.created_at),
  })),
  orders: r.orders.map((o) => ({
    id: o.id,
    sku: o.sku,
    title: o.title,
    quantity: o.quantity,
    totalPoints: o.total_points,
    status: o.status,
    affiliationCheck: o.affiliation_check,
    documentsDeadlineAt: iso(o.documents_deadline_at),
    documentsReceivedAt: iso(o.documents_received_at),
    paymentDeadlineAt: iso(o.payment_deadline_at),
    createdAt: isoRequired(o.created_at),
  })),
  emailChanges: r.emailChanges.map((e) => ({
    id: e.id,
    newEmail: e.new_email,
    status: e.status,
    documentsDueAt: iso(e.documents_due_at),
    letterReceived: e.letter_received,
    employmentRecordReceived: e.employment_record_received,
    createdAt: isoRequired(e.created_at),
  })),
});

export const Account = z
  .object({
    participantId: z.uuid(),
    memberNumber: z.string().nullable(),
    email: z.string(),
    phone: z.string().nullable().meta({ description: 'A6: E.164; a login, and where sign-in codes go when the program sends SMS' }),
    firstName: z.string(),
    lastName: z.string(),
    status: z.string(),
    agency: z.object({ inn: z.string().nullable(), legalName: z.string().nullable() }),
    balance: z.number().int(),
    nextExpiry: NextExpiry,
    session: z.object({ id: z.uuid(), expiresAt: instant }),
  })
  .meta({ id: 'Account', description: 'The signed-in participant: profile, balance and the next expiry (R20), and the session asking.' });

export const accountView = (
  p: Row,
  nextExpiry: { at: Date; points: number } | null,
  session: { sessionId: string; expiresAt: Date },
): z.input<typeof Account> => ({
  participantId: p.id,
  memberNumber: p.member_number,
  email: p.email,
  phone: p.phone ?? null,
  firstName: p.first_name,
  lastName: p.last_name,
  status: p.status,
  agency: { inn: p.agency_inn, legalName: p.agency_name },
  balance: p.balance,
  nextExpiry: nextExpiryView(nextExpiry),
  session: { id: session.sessionId, expiresAt: isoRequired(session.expiresAt) },
});

export const ParticipantSession = z
  .object({
    id: z.uuid(),
    createdAt: instant,
    lastSeenAt: instant,
    expiresAt: instant,
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    device: z.string().meta({ description: 'A short digest naming the device (R14); the same device, the same value' }),
    current: z.boolean().meta({ description: 'The session asking' }),
  })
  .meta({ id: 'ParticipantSession' });

export const sessionView = (s: Row, currentId: string): z.input<typeof ParticipantSession> => ({
  id: s.id,
  createdAt: isoRequired(s.createdAt),
  lastSeenAt: isoRequired(s.lastSeenAt),
  expiresAt: isoRequired(s.expiresAt),
  userAgent: s.userAgent,
  ip: s.ip,
  device: s.device,
  current: s.id === currentId,
});

export const SignInChallenge = z
  .object({
    challengeId: z.uuid(),
    expiresAt: instant,
    sentTo: z.string().meta({ description: 'The masked email (or, A6, phone) the code went to' }),
    channel: z
      .enum(['email', 'sms'])
      .meta({ description: 'A6: how the code went: by email, or by SMS when the program has an SMS relay and the participant a phone' }),
  })
  .meta({ id: 'SignInChallenge' });

export const SignedIn = z
  .object({
    token: z.string().meta({ description: "The session's token: `Authorization: Bearer <token>` on /api/me…, with the same API key" }),
    expiresAt: instant,
    sessionId: z.uuid(),
    newDevice: z.boolean().meta({ description: 'R14: a device the participant never signed in from; they are mailed about it' }),
    revokedSessionIds: z.array(z.uuid()).meta({ description: 'R14: the oldest sessions this one replaced, over MAX_PARTICIPANT_SESSIONS' }),
  })
  .meta({ id: 'SignedIn' });
