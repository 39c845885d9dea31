import { useDataProvider, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { OrderDecision } from '../types';

/** Sends a reviewer's decision on an order's affiliation check (R17): an approval opens the payment window, a rejection releases the points. */
export function useDecideOrder() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useConsoleAction({
    mutationFn: ({ id, decision }: { id: Identifier; decision: OrderDecision }) => dataProvider.decideOrder(id, decision),
    success: (decided) => `resources.orders.notifications.${decided.decision ?? decided.status}`,
    stale: { code: 'order_already_decided', message: 'resources.orders.notifications.already_decided' },
  });
}
