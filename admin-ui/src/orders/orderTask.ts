import type { TaskDefinition } from '../shared/decisions';
import type { Order } from '../types';
import { isOpen, orderStatuses } from './choices';

/** An order's employment check (R17): its points are held until the shop completes it (A5) or they go back. */
export const orderTask: TaskDefinition<Order> = {
  resource: 'orders',
  statuses: orderStatuses,
  decidedBy: 'decided_by',
  live: (order) => isOpen(order.status),
  awaitsDecision: (order) => order.status === 'awaiting_review',
  outcome: (order) => order.decision,
  consequences: (order) => ({
    approve: { message: 'resources.orders.consequences.approve', options: { smart_count: order.total_points } },
    reject: { message: 'resources.orders.consequences.reject', options: { smart_count: order.total_points } },
  }),
  decide: (dataProvider, id, decision) => dataProvider.decideOrder(id, decision),
  decided: (order) => `resources.orders.notifications.${order.decision ?? order.status}`,
  stale: { code: 'order_already_decided', message: 'resources.orders.notifications.already_decided' },
};
