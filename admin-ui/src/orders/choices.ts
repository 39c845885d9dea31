import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { Order, OrderStatus } from '../types';

export const orderStatuses: ColoredChoice<OrderStatus>[] = [
  { id: 'awaiting_review', name: 'resources.orders.status.awaiting_review', color: 'warning' },
  { id: 'awaiting_documents', name: 'resources.orders.status.awaiting_documents', color: 'default' },
  { id: 'placed', name: 'resources.orders.status.placed', color: 'info' },
  { id: 'completed', name: 'resources.orders.status.completed', color: 'success' },
  { id: 'cancelled', name: 'resources.orders.status.cancelled', color: 'default' },
  { id: 'expired', name: 'resources.orders.status.expired', color: 'default' },
  { id: 'rejected', name: 'resources.orders.status.rejected', color: 'error' },
];

export const holdStatuses: ColoredChoice<Order['hold_status']>[] = [
  { id: 'held', name: 'resources.orders.hold_status.held', color: 'warning' },
  { id: 'captured', name: 'resources.orders.hold_status.captured', color: 'success' },
  { id: 'released', name: 'resources.orders.hold_status.released', color: 'default' },
];

/** Orders whose workflow still waits for something: documents, a reviewer (R17) or completion (A5). */
export const isOpen = (status: OrderStatus | undefined) =>
  status === 'awaiting_documents' || status === 'awaiting_review' || status === 'placed';
