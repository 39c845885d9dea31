/** The order workflow's vocabulary (R15–R17, A5): one workflow per order. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActorRef, StaffRef } from './shared.js';

export const orderWorkflowId = (orderId: string): string => `order:${orderId}`;

/** An order's status (orders.status and the workflow's view). */
export const ORDER_STATUSES = ['placed', 'awaiting_documents', 'awaiting_review', 'completed', 'cancelled', 'expired', 'rejected'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** The order still holds its points and takes messages. */
export const OPEN_ORDER_STATUSES = ['placed', 'awaiting_documents', 'awaiting_review'] as const satisfies readonly OrderStatus[];
/** The order has ended: its points were spent or went back. */
export const FINAL_ORDER_STATUSES = ['completed', 'cancelled', 'expired', 'rejected'] as const satisfies readonly OrderStatus[];

/** Why an order ended without being completed (orders.end_reason). */
export const ORDER_END_REASONS = [
  'cancelled_by_client',
  'out_of_stock',
  'payment_window_elapsed',
  'documents_not_received',
  'rejected',
  'points_released',
  // A step failed in a way retrying cannot fix: the points went back and an incident was raised.
  'incident',
] as const;
export type OrderEndReason = (typeof ORDER_END_REASONS)[number];

/** The terms an order runs under, fixed when it is placed (R27). */
export interface OrderTerms {
  /** A5: how long the shop has to complete the order once it may be completed. */
  paymentWindowMs: number;
  /** R17: how long the participant has to upload the affiliation documents. */
  affiliationDocumentsTimeoutMs: number;
}

export interface OrderInput {
  orderId: string;
  /** R17: the order first waits for documents and a reviewer's decision. */
  affiliationCheck: boolean;
  /** When the order was placed (epoch ms): the deadlines stored with the order count from it. */
  placedAt: number;
  terms: OrderTerms;
}

export interface OrderView {
  orderId: string;
  status: OrderStatus;
  /** The instant (epoch ms) the current wait ends: documents (R17) or completion (A5); null otherwise. */
  deadline: number | null;
  endReason: OrderEndReason | null;
}

export interface OrderDecision {
  decision: 'approve' | 'reject';
  reason: string | null;
  staff: StaffRef;
}

/** Failure types the order workflow raises to refuse a message; the API maps them to HTTP answers. */
export const OrderRefusal = {
  notAwaitingCompletion: 'OrderNotAwaitingCompletion',
  notOpen: 'OrderNotOpen',
  notAwaitingDocuments: 'OrderNotAwaitingDocuments',
  notAwaitingReview: 'OrderNotAwaitingReview',
} as const;

/** A5: the shop completes the order: the held points are spent and the stock taken. */
export const completeOrderUpdate = defineUpdate<OrderView, [{ by: ActorRef }]>('completeOrder');
/** The client cancels an open order: the held points go back. */
export const cancelOrderUpdate = defineUpdate<OrderView, [{ by: ActorRef }]>('cancelOrder');
/** R17: the affiliation documents were uploaded (stored by the API); the order goes to a reviewer. */
export const submitOrderDocumentsUpdate = defineUpdate<OrderView, [{ documentIds: string[]; by: ActorRef }]>('submitOrderDocuments');
/** R17: a reviewer approves or rejects the affiliation check. */
export const decideOrderUpdate = defineUpdate<OrderView, [OrderDecision]>('decideOrder');

export const orderQuery = defineQuery<OrderView>('order');
